import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Logging
import Prometheus
import ServiceLifecycle

/// `inboxbot demo`: a platform's fake with simulated customers, and the real worker with the
/// platform's real connector on the example rules and a temporary state file, with a live,
/// readable stream of what happens.
public struct LiveDemo: Sendable {
    public struct Options: Sendable {
        public var platform = "hatif"
        /// The platform's example rules when nil.
        public var rulesPath: String?
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
        guard let entry = Platforms.named(options.platform) else { throw Failure(description: Platforms.unknown(options.platform)) }
        guard let demo = entry.demo else { throw Failure(description: "\(entry.capabilities.title) has no fake to run a demo on yet") }
        let rulesPath = options.rulesPath ?? demo.rulesPath
        let loaded = RuleLoader.load([rulesPath], platform: entry.capabilities)
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { write(diagnostic.description) }
            throw Failure(description: "the rules in \(rulesPath) are not valid for \(entry.capabilities.title); run from the repository's root, or fix the errors above")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)

        var quiet = Logger(label: "inboxbot.demo")
        quiet.logLevel = .critical  // the stream below is the demo's output
        let logger = quiet
        // The fake and the worker share a clock that runs fast, from a time the platform chose.
        let clock = AcceleratedWallClock(start: demo.startTime, speed: options.speed)
        let fake = demo.make(clock)
        let (ports, portStream) = AsyncStream<Int>.makeStream()
        let tally = DemoTally()
        // Times are shown where the lead is: the rules' first calendar's zone (else UTC).
        let zone = ruleSet.source.calendars.first.flatMap { TimeZone(identifier: $0.timeZone) }
        let webhookKey = UUID().uuidString

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await fake.serve(logger: logger) { portStream.yield($0) } }
            var portIterator = ports.makeAsyncIterator()
            guard let fakePort = await portIterator.next() else { return }
            var settings = Worker.Settings(rulePaths: [rulesPath])
            settings.pollSchedule = PollSchedule(interval: 1, backoff: 1.5, maximumInterval: 4)
            settings.webhookListen = ("127.0.0.1", 0)
            settings.settleAfterSeconds = 2
            let connector = fake.connector(port: fakePort, webhookKey: webhookKey, clock: clock, logger: logger)
            let worker = Worker(store: store, rules: RuleSetHolder(ruleSet, loadedAt: clock.now()), connector: connector, settings: settings, clock: clock)

            var observers = Worker.Observers()
            observers.webhookPort = { portStream.yield($0) }
            observers.admitted = { event, source, isNew in
                await tally.admitted(source: source, isNew: isNew)
                if isNew { write(Self.describe(event, source: source, in: zone)) }
            }
            observers.processed = { event, records in
                await tally.processed(records)
                for record in records {
                    switch record.kind {
                    case .decision: write("      rule \(record.ruleID ?? "?") decides: \(record.message)")
                    case .suppressed: write("      rule \(record.ruleID ?? "?") holds back: \(record.message)")
                    case .note where record.message.hasPrefix("action budget"): write("      \(record.message)")
                    // Once per message: its delivery statuses come back as events of their own.
                    case .note where record.message.hasPrefix("the bot's own") && event.type == .messageSent:
                        write("      (the bot's own message coming back: no rules run)")
                    case .note where record.eventID?.hasPrefix(TimerRecord.firingPrefix) == true:
                        write("\(Self.clock(record.time, in: zone))  ⏰ \(record.conversationID ?? "?"): rule \(record.ruleID ?? "?"): \(record.message)")
                    default: break
                    }
                }
            }
            observers.executed = { entry, action, outcome in
                await tally.executed(outcome)
                let mark = if case .done = outcome { "✓" } else { "✗" }
                write("      \(mark) \(action.summary) on \(entry.conversationID): \(outcome)")
            }
            // The console, read-only (no operator token), on a port of its own.
            let (consolePorts, consolePortStream) = AsyncStream<Int>.makeStream()
            let operations = OperationsServer(registry: PrometheusCollectorRegistry(), reasons: worker.gate.reasons,
                                              console: worker.console(token: nil, logger: logger))
                .application(host: "127.0.0.1", port: 0, logger: logger) { consolePortStream.yield($0) }
            let group = ServiceGroup(services: [operations] + worker.services(observers: observers, logger: logger),
                                     gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            tasks.addTask { try await group.run() }
            guard let webhookPort = await portIterator.next() else { return }
            var consolePortIterator = consolePorts.makeAsyncIterator()
            guard let consolePort = await consolePortIterator.next() else { return }

            write("inboxbot demo: \(ruleSet.ruleCount) rules from \(rulesPath), a fake \(fake.title) on port \(fakePort) with simulated customers,")
            write("webhooks to port \(webhookPort) and polling every second, state in a temporary SQLite file."
                + (options.duration.map { " Running for \(Int($0)) s." } ?? " Press Ctrl-C to stop."))
            write("Demo time runs \(Int(options.speed))× (a second is \(TimeSpan(seconds: Int(options.speed)))), from \(demo.startDescription) (times below are \(zone?.identifier ?? "UTC")),"
                + " so that waits of minutes and hours play out.")
            write("The console shows it too: http://127.0.0.1:\(consolePort)/console")
            write("")
            // The customers and the webhook sender run until cancelled.
            let webhookURL = "http://127.0.0.1:\(webhookPort)/webhooks/\(entry.name)?key=\(webhookKey)"
            tasks.addTask { await fake.customers(actionsPerMinute: options.customerActionsPerMinute, webhookURL: webhookURL) }
            if let duration = options.duration {
                // Beside the group, so that Ctrl-C or SIGTERM stops a demo with a duration too;
                // it ends only when cancelled, as the group is the one task that ends by itself.
                tasks.addTask {
                    try? await Task.sleep(for: .clampedSeconds(duration))
                    await group.triggerGracefulShutdown()
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                }
            }
            // The worker's group is the one task that ends by itself: after the duration, or on
            // Ctrl-C, once it has drained. Then the fake and its helpers are stopped.
            _ = try await tasks.next()
            tasks.cancelAll()
        }
        for line in await tally.summary() { write(line) }
        write("The stream above came from \(rulesPath); edit them and run the demo again, or see docs/rules.md.")
    }

    /// The time of day in `zone` (UTC when nil), as the stream shows it: "15:04:05".
    static func clock(_ date: Date, in zone: TimeZone?) -> String {
        let offset = zone.map { Double($0.secondsFromGMT(for: date)) } ?? 0
        return String(Timestamp.format(date.addingTimeInterval(offset)).dropFirst(11).prefix(8))
    }

    static func describe(_ event: Event, source: String, in zone: TimeZone?) -> String {
        let clock = clock(event.time, in: zone)
        let who = event.conversation.contact.name ?? event.conversation.contact.phone ?? "someone"
        var text = "\(clock)  \(event.type.rawValue) in \(event.conversation.id) (\(who))"
        if let body = event.message?.body { text += ": \"\(body)\"" }
        return text + "  [by \(source)]"
    }
}
