import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeHatif
import InboxBotHatif
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Logging
import ServiceLifecycle

/// `inboxbot demo`: the fake Hatif with simulated customers, and the real worker on the
/// example rules and a temporary state file, with a live, readable stream of what happens.
public struct LiveDemo: Sendable {
    public struct Options: Sendable {
        public var rulesPath = "rules"
        public var duration: Double?
        public var customerActionsPerMinute = 40.0
        /// Simulated seconds per real second: at 900, a second of demo is fifteen minutes, so
        /// waits of hours (time-based rules) play out while you watch.
        public var speed = 900.0
        public var write: @Sendable (String) -> Void

        public init(write: @escaping @Sendable (String) -> Void) {
            self.write = write
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() async throws {
        let write = options.write
        let loaded = RuleLoader.load([options.rulesPath], platform: .hatif)
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { write(diagnostic.description) }
            throw Failure(description: "the rules in \(options.rulesPath) are not valid; run from the repository's root, or fix the errors above")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)

        var quiet = Logger(label: "inboxbot.demo")
        quiet.logLevel = .critical  // the stream below is the demo's output
        let logger = quiet
        // Tuesday 2026-03-17 17:30 in Riyadh, after the fake's seeded conversations: at 900×,
        // 20 s are three and a half hours of the evening shift, then an hour and a half after hours.
        let clock = AcceleratedWallClock(start: Date(timeIntervalSince1970: 1_773_757_800), speed: options.speed)
        let hatif = FakeHatif(options: .init(clientID: "inboxbot-demo", clientSecret: "demo-secret", now: { clock.now() }))
        let (ports, portStream) = AsyncStream<Int>.makeStream()
        let tally = DemoTally()
        let webhookKey = UUID().uuidString

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await FakeHatifServer(hatif: hatif).run(port: 0, logger: logger) { portStream.yield($0) } }
            var portIterator = ports.makeAsyncIterator()
            guard let hatifPort = await portIterator.next() else { return }
            let client = HatifClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(hatifPort)", credentials: HatifCredentials(clientID: "inboxbot-demo", clientSecret: "demo-secret"),
                                     requestTimeout: 5),
                httpClient: HTTPClient.shared, logger: logger)
            var settings = Worker.Settings(rulePaths: [options.rulesPath])
            settings.pollSchedule = PollSchedule(interval: 1, backoff: 1.5, maximumInterval: 4)
            settings.webhookListen = ("127.0.0.1", 0)
            settings.settleAfterSeconds = 2
            var hatifSettings = HatifConnector.Settings()
            hatifSettings.createsMissingTags = true
            hatifSettings.webhookKey = webhookKey
            let connector = HatifConnector(client: client, settings: hatifSettings, clock: clock)
            let worker = Worker(store: store, rules: RuleSetHolder(ruleSet), connector: connector, settings: settings, clock: clock)

            var observers = Worker.Observers()
            observers.webhookPort = { portStream.yield($0) }
            observers.admitted = { event, source, isNew in
                await tally.admitted(source: source, isNew: isNew)
                if isNew { write(Self.describe(event, source: source)) }
            }
            observers.processed = { _, records in
                await tally.processed(records)
                for record in records {
                    switch record.kind {
                    case .decision: write("      rule \(record.ruleID ?? "?") decides: \(record.message)")
                    case .suppressed: write("      rule \(record.ruleID ?? "?") holds back: \(record.message)")
                    case .note where record.message.hasPrefix("action budget"): write("      \(record.message)")
                    case .note where record.message.hasPrefix("the bot's own"): write("      (the bot's own message coming back: no rules run)")
                    case .note where record.message.hasPrefix("timer "):
                        write("\(Self.clock(record.time))  ⏰ \(record.conversationID ?? "?"): rule \(record.ruleID ?? "?"): \(record.message)")
                    default: break
                    }
                }
            }
            observers.executed = { entry, action, outcome in
                await tally.executed(outcome)
                let mark = if case .done = outcome { "✓" } else { "✗" }
                write("      \(mark) \(action.summary) on \(entry.conversationID): \(outcome)")
            }
            let group = ServiceGroup(services: worker.services(observers: observers, logger: logger), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            tasks.addTask { try await group.run() }
            guard let webhookPort = await portIterator.next() else { return }

            write("inboxbot demo: \(ruleSet.ruleCount) rules from \(options.rulesPath), a fake Hatif on port \(hatifPort) with simulated customers,")
            write("webhooks to port \(webhookPort) and polling every second, state in a temporary SQLite file."
                + (options.duration.map { " Running for \(Int($0)) s." } ?? " Press Ctrl-C to stop."))
            write("Demo time runs \(Int(options.speed))× (a second is \(TimeSpan(seconds: Int(options.speed)))), from Tue 2026-03-17 17:30 in Riyadh (times below are UTC),"
                + " so that waits of minutes and hours play out.")
            write("")
            let traffic = FakeTrafficGenerator(hatif: hatif, options: .init(actionsPerMinute: options.customerActionsPerMinute))
            let sender = FakeWebhookSender(hatif: hatif, options: .init(url: "http://127.0.0.1:\(webhookPort)/webhooks/hatif?key=\(webhookKey)"))
            // The customers and the webhook sender run until cancelled.
            tasks.addTask { await traffic.run() }
            tasks.addTask { await sender.run() }
            if let duration = options.duration {
                try? await Task.sleep(for: .clampedSeconds(duration))
                await group.triggerGracefulShutdown()
            }
            // The worker's group is the one task that ends by itself: after the duration, or on
            // Ctrl-C, once it has drained. Then the fake and its helpers are stopped.
            _ = try await tasks.next()
            tasks.cancelAll()
        }
        for line in await tally.summary() { write(line) }
        write("The stream above came from rules/; edit them and run the demo again, or see docs/rules.md.")
    }

    /// The time of day in UTC, as the stream shows it.
    static func clock(_ date: Date) -> String {
        String(Timestamp.format(date).dropFirst(11).prefix(8))
    }

    static func describe(_ event: Event, source: String) -> String {
        let clock = clock(event.time)
        let who = event.conversation.contact.name ?? event.conversation.contact.phone ?? "someone"
        var text = "\(clock)  \(event.type.rawValue) in \(event.conversation.id) (\(who))"
        if let body = event.message?.body { text += ": \"\(body)\"" }
        return text + "  [by \(source)]"
    }
}
