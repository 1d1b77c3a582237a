import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotPlatforms
import InboxBotState
import InboxBotWorker
import InboxBotYAML

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what every rule makes of an event: each condition with the value it saw, and why a rule did or did not act.",
        discussion: """
            The event comes from one of:
              FILE               a JSON Lines file of events (docs/events.md); '-' reads
                                 standard input
              --event ID         an event the worker took in, from its state file (with
                                 --conversation ID, it must be that conversation's)
              --conversation ID  the newest event of a live conversation, read read-only
                                 from the configured platform (credentials as for 'run')
              --say TEXT         a customer's message made up on the spot; --tags,
                                 --assignee, --status and --at set the scene
            --at takes 'Thu 18:00' (the coming Thursday), '18:00' (today), '2026-03-17 18:00' or
            an ISO time; local times are in the rules' first calendar's zone, or --tz.
            A time-based rule shows the waits the event starts and ends, with when they come
            due. With --until (a time as --at takes, or a span after the last event such as 2h)
            the clock runs on: each wait that comes due by then is explained as it fires, with
            the rule's conditions as they stand at that moment.
            With a state file (--state, or the one the configuration names), once, cooldown and
            the action budget are taken from it as they stand now. Nothing is ever carried out.
            """.reflowed
    )

    @Argument(help: "A JSON Lines file of events to explain, each in turn ('-' for standard input).", completion: .file())
    var events: String?

    @Option(help: "The rules directory or file; by default the one the configuration names.", completion: .file())
    var rules: String?

    @Option(help: "Explain this event from the state file.")
    var event: String?

    @Option(help: "Explain the newest event of this conversation, read from the platform.")
    var conversation: String?

    @Option(help: "Show only these rules (repeat for more).")
    var rule: [String] = []

    @Option(help: ArgumentHelp("Explain a customer's message with this text.", valueName: "text"))
    var say: String?

    @Option(help: ArgumentHelp("With --say: the conversation's tags (comma-separated, or repeat).", valueName: "tags"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("With --say: who the conversation is assigned to (default: nobody).", valueName: "user"))
    var assignee: String?

    @Option(help: ArgumentHelp("With --say: the conversation's status: open (default), pending or closed.", valueName: "status"))
    var status = "open"

    @Option(help: ArgumentHelp("With --say: when the message comes ('Thu 18:00', '18:00', '2026-03-17 18:00'; default now).", valueName: "when"))
    var at: String?

    @Option(help: ArgumentHelp("Run the clock on to this time ('Thu 20:00', or a span after the last event such as 2h) and explain the waits that come due.", valueName: "when"))
    var until: String?

    @Option(help: ArgumentHelp("The zone times are shown in and --at is read in (an IANA name such as Asia/Riyadh); default: the rules' first calendar's.", valueName: "zone"))
    var tz: String?

    @OptionGroup var state: StateOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = (try? WorkerConfiguration.load(
            path: FileManager.default.fileExists(atPath: state.config) ? state.config : nil, environment: environment)) ?? WorkerConfiguration()
        let rulesPath = rules ?? configuration.rules
        let loaded = RuleLoader.load([rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
            printError("error: the rules in \(rulesPath) are not valid; run 'inboxbot validate \(rulesPath)'")
            throw ExitCode(1)
        }
        for id in rule where !ruleSet.source.rules.contains(where: { $0.id == id }) {
            printError("error: no rule '\(id)' in \(rulesPath)\(Suggestion.hint(for: id, among: ruleSet.source.rules.map(\.id)))")
            throw ExitCode(1)
        }
        guard [events != nil, event != nil, conversation != nil && event == nil, say != nil].filter({ $0 }).count == 1 else {
            printError("error: give one of: a file of events, --event ID, --conversation ID, or --say TEXT (see --help)")
            throw ExitCode(1)
        }
        let statePath = state.state ?? configuration.state
        let store = FileManager.default.fileExists(atPath: statePath) ? try SQLiteStateStore(path: statePath) : nil

        if say == nil, !tags.isEmpty || assignee != nil || at != nil {
            printError("error: --tags, --assignee, --status and --at set the scene for --say TEXT; they go with it")
            throw ExitCode(1)
        }
        let zone = try DisplayZone.resolve(tz, calendarZone: ruleSet.source.calendars.first?.timeZone)
        var explained: [Event] = []
        if let say {
            explained = [try madeUpMessage(say, in: zone ?? TimeZone(secondsFromGMT: 0) ?? .current)]
        } else if let events {
            explained = try readEvents(events)
        } else if let event {
            guard let store else {
                printError("error: no state file at \(statePath); pass --state")
                throw ExitCode(1)
            }
            guard let found = try await store.event(id: event) else {
                printError("error: the state file has no event \(event) (or retention removed it)")
                throw ExitCode(1)
            }
            if let conversation, !Platforms.conversationIDs(matching: conversation).contains(found.conversation.id) {
                printError("error: event \(event) belongs to conversation \(found.conversation.id), not \(conversation)")
                throw ExitCode(1)
            }
            explained = [found]
        } else if let conversation {
            let (platform, connector) = try ReadOnlyConnection.open(configuration, environment: environment, label: "inboxbot.explain")
            let history: [Event]
            do {
                history = try await connector.history.events(conversationID: conversation, since: nil)
            } catch {
                printError("error: cannot read conversation \(conversation) from \(platform.capabilities.title): \(error)")
                throw ExitCode(1)
            }
            guard let newest = history.last else {
                printError("error: conversation \(conversation) has no events yet")
                throw ExitCode(1)
            }
            explained = [newest]
        }

        let end = try untilDate(after: explained.map(\.time).max(), in: zone ?? TimeZone(secondsFromGMT: 0) ?? .current)
        print("Rules: \(ruleSet.ruleCount) from \(rulesPath), version \(ruleSet.version)")
        if store == nil { print("State: none at \(statePath), so once, cooldown and the budget start empty") }
        // Once, cooldown and opt-outs as the state file has them, then as the explained
        // events' own decisions leave them; each conversation as those decisions left it.
        let ledger = try await store?.evaluationHistory(of: explained.map(\.conversation), for: ruleSet, at: explained.first?.time ?? Date())
        var replayer = Replayer(ruleSet: ruleSet, ledger: ledger ?? FiringLedger(), explains: true)
        let budget = ActionBudget(maximumActions: configuration.budgetActions, windowSeconds: configuration.budgetWindowSeconds)
        for item in explained {
            for result in replayer.replay(item) {
                var used: Int?
                if let store {
                    let id = result.event.conversation.id
                    used = try await store.actionCounts(conversationIDs: [id], since: Date().addingTimeInterval(-budget.windowSeconds))[id] ?? 0
                }
                show(result, budget: budget, used: used, zone: zone)
            }
        }
        if let end {
            for result in replayer.fireTimers(through: end) { show(result, budget: budget, used: nil, zone: zone) }
        }
        let pending = replayer.pendingTimers.filter { rule.isEmpty || rule.contains($0.ruleID) }.count
        if pending > 0 {
            let waits = pending == 1 ? "1 wait is" : "\(pending) waits are"
            print("")
            print(end.map { "\(waits) still running at \(Timestamp.format($0, in: zone))" }
                ?? "\(waits) still running: add --until (such as --until 2h) to see \(pending == 1 ? "it" : "them") come due")
        }
    }

    /// One explained event, or one wait coming due, with every rule's verdict.
    private func show(_ result: Replayer.Replayed, budget: ActionBudget, used: Int?, zone: TimeZone?) {
        let event = result.event
        if let timer = result.timer, !rule.isEmpty, !rule.contains(timer.ruleID) { return }
        print("")
        if let timer = result.timer {
            print("Wait: the \(timer.kind) wait of rule \(timer.ruleID) comes due at \(Timestamp.format(event.time, in: zone)),"
                + " conversation \(event.conversation.id) (armed \(Timestamp.format(timer.armedAt, in: zone))"
                + (timer.event.map { " by event \($0.id)" } ?? "") + ")")
            print(event.explanationHeader(in: zone).dropFirst().joined(separator: "\n"))
        } else {
            print(event.explanationHeader(in: zone).joined(separator: "\n"))
            if event.isSentByBot { print("  the bot's own message: only rules with own_messages: true run") }
        }
        // The action budget, spent in rule order as the pipeline spends it.
        var spent = used ?? 0
        for verdict in result.verdicts {
            var heldBack = 0
            if used != nil, verdict.outcome == .acted {
                for _ in verdict.actions {
                    if spent >= budget.maximumActions { heldBack += 1 } else { spent += 1 }
                }
            }
            guard rule.isEmpty || rule.contains(verdict.ruleID) else { continue }
            verdict.lines(indent: "  ").forEach { print($0) }
            if heldBack > 0 {
                print("      held back by the action budget: \(heldBack) of its actions (\(budget.maximumActions) per conversation in \(TimeSpan(seconds: budget.windowSeconds.clampedInt(to: 0...Int.max))))")
            }
        }
        if let used, result.timer == nil {
            print("  budget: \(used) of \(budget.maximumActions) actions used on this conversation in the last \(TimeSpan(seconds: budget.windowSeconds.clampedInt(to: 0...Int.max)))")
        }
    }

    /// --until as a date: a span after the last event, or a time as --at takes.
    private func untilDate(after last: Date?, in zone: TimeZone) throws -> Date? {
        guard let until else { return nil }
        let from = last ?? Date()
        if case .success(let span) = TimeSpan.parse(until), span.seconds > 0 {
            return from.addingTimeInterval(Double(span.seconds))
        }
        guard let date = LocalTime.parse(until, in: zone, after: from) else {
            printError("error: --until must be a span such as 2h or a time such as 'Thu 20:00', '20:00', '2026-03-17 20:00', not '\(until.excerpt())'")
            throw ExitCode(1)
        }
        return date
    }

    /// The message --say describes, in a conversation as --tags, --assignee and --status set it.
    private func madeUpMessage(_ text: String, in zone: TimeZone) throws -> Event {
        var time = Date()
        if let at {
            guard let parsed = LocalTime.parse(at, in: zone, after: time) else {
                printError("error: --at must be a time such as 'Thu 18:00', '18:00', '2026-03-17 18:00' or 2026-03-17T15:00:00Z, not '\(at.excerpt())'")
                throw ExitCode(1)
            }
            time = parsed
        }
        guard let conversationStatus = ConversationStatus(rawValue: status) else {
            printError("error: --status must be open, pending or closed, not '\(status.excerpt())'")
            throw ExitCode(1)
        }
        let tagList = tags.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let conversation = ConversationSnapshot(id: "c-explain", status: conversationStatus, tags: tagList, unread: 1, channel: Channel(name: "Main Line"),
                                                assignee: assignee, contact: Contact(name: "Test Customer", phone: "+966500000001"), lastInboundAt: time)
        return Event(id: "said", type: .messageReceived, time: time, conversation: conversation, message: Message(direction: .inbound, body: text))
    }

    private func readEvents(_ path: String) throws -> [Event] {
        var failed = false
        let events = EventLines.events(in: try ReplayCommand.read(path)) { number, reason in
            printError("\(path):\(number): error: \(reason)")
            failed = true
        }
        guard !failed, !events.isEmpty else {
            if !failed { printError("error: \(path) holds no events") }
            throw ExitCode(1)
        }
        return events
    }
}
