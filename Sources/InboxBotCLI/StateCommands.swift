import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotState
import InboxBotPlatforms
import InboxBotPostgres
import InboxBotWorker
import Logging

/// Options shared by the commands that read the state file.
struct StateOptions: ParsableArguments {
    @Option(help: "The state file; by default the one the configuration names.", completion: .file())
    var state: String?

    @Option(help: "The configuration file.", completion: .file())
    var config = "inboxbot.yaml"

    /// Runs `body` on the state the options name: a SQLite file, or a PostgreSQL database
    /// (`postgres://…`), given to `body` a second time as such, for `status` to show its workers.
    func withStore<T: Sendable>(_ body: (any StateStore, PostgresStateStore?) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        var location = state
        if location == nil {
            let configuration = try? WorkerConfiguration.load(path: FileManager.default.fileExists(atPath: config) ? config : nil, environment: environment)
            location = configuration?.state
        }
        if let location, PostgresLocation.isPostgres(location) {
            var quiet = Logger(label: "inboxbot.state")
            quiet.logLevel = .error
            do {
                return try await SharedDatabase.withStore(location, environment: environment, logger: quiet) { store in
                    try await body(store, store)
                }
            } catch let failure as WorkerRunner.Failure {
                printError("error: \(failure)")
                throw ExitCode(1)
            }
        }
        guard let path = location, FileManager.default.fileExists(atPath: path) else {
            printError("error: no state file at \(location ?? "?"); pass --state, or run from the worker's directory")
            throw ExitCode(1)
        }
        return try await body(try SQLiteStateStore(path: path), nil)
    }
}

struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List actions that need attention, or retry a dead-lettered one.",
        subcommands: [List.self, Retry.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead-lettered and unknown actions (the default).")

        @OptionGroup var options: StateOptions

        @Flag(help: "Only dead-lettered and unknown actions (the default listing).")
        var failed = false

        func run() async throws {
            let entries = try await options.withStore { store, _ in try await store.actions(in: [.deadLetter, .unknown], limit: 500) }
            if entries.isEmpty { print("no failed or unknown actions") }
            for entry in entries {
                print("\(entry.state.rawValue)  \(entry.key)")
                print("    \(entry.action.summary) on \(entry.conversationID), rule \(entry.ruleID), \(entry.attempts) attempt(s)")
                if let detail = entry.detail { print("    \(detail)") }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", abstract: "Put a dead-lettered action back in the queue; the running worker carries it out.")

        @OptionGroup var options: StateOptions

        @Argument(help: "The action's key, as 'inboxbot actions' prints it.")
        var key: String

        func run() async throws {
            do {
                try await options.withStore { store, _ in try await Executor(store: store, platform: NoPlatform(), clock: SystemWallClock()).retry(key: key) }
            } catch let error as Executor.RetryError {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            print("queued again: \(key)")
        }
    }
}

/// A platform for commands that only change the state file and never act.
struct NoPlatform: ConversationPlatform {
    let name = "none"
    func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        .failed(reason: "this command does not act on the platform")
    }
    func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement { .notSent }
    func conversation(id: String) async throws -> ConversationSnapshot? { nil }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show what happened to a conversation, and why.")

    @OptionGroup var options: StateOptions

    @Option(help: "The conversation's id.")
    var conversation: String

    @Option(help: "How many records, newest last.")
    var limit = 100

    @Option(help: ArgumentHelp("The zone times are shown in (an IANA name such as Asia/Riyadh); default: the configured rules' first calendar's.", valueName: "zone"))
    var tz: String?

    func run() async throws {
        let zone = try DisplayZone.resolve(tz, calendarZone: DisplayZone.configuredRules(config: options.config))
        let records = try await options.withStore { store, _ in
            var records: [AuditRecord] = []
            for id in Platforms.conversationIDs(matching: conversation) where records.isEmpty {
                records = try await store.audit(conversationID: id, limit: limit)
            }
            return records
        }
        if records.isEmpty { print("nothing recorded for \(conversation)") }
        for record in records {
            let rule = record.ruleID.map { " \($0)" } ?? ""
            print("\(Timestamp.format(record.time, in: zone))  \(record.kind.rawValue)\(rule): \(record.message)  [event \(record.eventID ?? "-"), rules \(record.ruleSetVersion)]")
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Summarise the state file: queues, recent activity, recent failures.")

    @OptionGroup var options: StateOptions

    @Option(help: ArgumentHelp("The zone times are shown in (an IANA name such as Asia/Riyadh); default: the configured rules' first calendar's.", valueName: "zone"))
    var tz: String?

    func run() async throws {
        let zone = try DisplayZone.resolve(tz, calendarZone: DisplayZone.configuredRules(config: options.config))
        try await options.withStore { store, shared in
            if let shared { try await reportWorkers(shared) }
            try await report(store, zone: zone)
        }
    }

    /// The workers sharing the database: who lives, the shards each holds, what each has done, and who polls.
    private func reportWorkers(_ store: PostgresStateStore) async throws {
        let workers = try await store.workerReports()
        let live = workers.filter(\.isLive)
        print("workers: \(live.count) live" + (live.isEmpty ? "; none works on the database now" : ""))
        for worker in workers {
            let seen = worker.isLive ? "seen \(Self.span(worker.secondsSinceSeen)) ago" : "gone: last seen \(Self.span(worker.secondsSinceSeen)) ago"
            print("  \(worker.owner): \(worker.shards) shard(s), \(worker.events) event(s) processed, \(worker.actions) action(s) carried out; "
                  + "up \(Self.span(worker.secondsRunning)), \(seen)")
        }
        let unheld = try await store.unheldShards()
        print("shards: \(PostgresStateStore.shardCount - unheld) of \(PostgresStateStore.shardCount) held" + (unheld > 0 ? "; the conversations of the other \(unheld) wait for a worker" : ""))
        for (name, owner, epoch, left) in try await store.leaseHolders() where name.hasPrefix("poller:") {
            print("poller: \(owner) polls \(name.dropFirst("poller:".count)) (epoch \(epoch), its lease runs \(Int(left.rounded(.up)))s more)")
        }
    }

    /// A dry run records each decision and then a "would …" line per action; a reader of
    /// the recent activity wants the decision once: "would tag vip; send text …".
    static func oneLinePerDecision(_ records: [AuditRecord]) -> [AuditRecord] {
        func key(_ record: AuditRecord) -> String { "\(record.eventID ?? "")\u{1F}\(record.ruleID ?? "")" }
        let decided = Set(records.filter { $0.kind == .decision }.map(key))
        let dryRun = Set(records.filter { $0.kind == .dryRun }.map(key))
        return records.compactMap { record in
            switch record.kind {
            case .dryRun where decided.contains(key(record)): return nil
            case .decision where dryRun.contains(key(record)) && !record.message.hasPrefix("shadow: "):
                var collapsed = record
                collapsed.message = "would " + record.message
                return collapsed
            default: return record
            }
        }
    }

    static func span(_ seconds: Double) -> String { "\(TimeSpan(seconds: seconds.clampedInt(to: 0...Int.max)))" }

    private func report(_ store: any StateStore, zone: TimeZone?) async throws {
        let counts = try await store.counts()
        print("inbox: \(counts.pendingEvents) event(s) waiting")
        print("actions: " + OutboxEntry.State.allCases.map { "\(counts.actions[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        let armed = try await store.armedTimerCount()
        let next = try await store.dueTimers(at: .distantFuture, limit: 1).first
        print("timers: \(armed) armed" + (next.map { ", the next due at \(Timestamp.format($0.dueAt, in: zone)) (rule \($0.ruleID), conversation \($0.conversationID))" } ?? ""))
        print("recent activity:")
        for record in Self.oneLinePerDecision(try await store.recentAudit(limit: 40)).suffix(10) {
            print("  \(Timestamp.format(record.time, in: zone))  \(record.conversationID ?? "-")  \(record.ruleID ?? record.kind.rawValue): \(record.message)")
        }
        let failures = try await store.actions(in: [.deadLetter, .unknown], limit: 5)
        if !failures.isEmpty {
            print("recent failures (inboxbot actions lists them all):")
            for entry in failures { print("  \(entry.state.rawValue): \(entry.action.summary) on \(entry.conversationID): \(entry.detail ?? "")") }
        }
    }
}
