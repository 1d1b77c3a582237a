import ArgumentParser
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import InboxBotTesting
import Logging

/// Traffic made ahead of time on a platform's fake, for a lead without access to the
/// platform: simulated customers over the past `span`, read back through the platform's
/// real connector as `replay --from` reads a real account.
enum FakeTrafficSource {
    static func events(platform name: String, span seconds: Int, actionsPerHour: Double) async throws -> [Event] {
        let entry = try Platforms.entry(forOption: name)
        guard let demo = entry.demo else {
            printError("error: \(entry.capabilities.title) has no fake to make traffic with")
            throw ExitCode(1)
        }
        var quiet = Logger(label: "inboxbot.replay")
        quiet.logLevel = .warning
        let logger = quiet
        let end = Date()
        let start = end.addingTimeInterval(-Double(seconds))
        let clock = ManualWallClock(start)
        let fake = demo.make(clock)
        // The command checked the rate (above 0, at most 3600); the count is bounded too.
        let pause = 3600 / actionsPerHour
        let count = (Double(seconds) / pause).clampedInt(to: 0...50_000)
        printError("making \(count) customer actions on a fake \(fake.title) since \(Timestamp.format(start))…")
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            let (ports, portStream) = AsyncStream<Int>.makeStream()
            // Stopped by cancellation once read, which the server would log as an error.
            var silent = logger
            silent.logLevel = .critical
            let serverLogger = silent
            tasks.addTask { try await fake.serve(logger: serverLogger) { portStream.yield($0) } }
            defer { tasks.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return [] }
            let step = fake.customerSteps()
            for index in 0..<count {
                clock.set(start.addingTimeInterval(Double(index) * pause))
                await step()
            }
            clock.set(end)
            let connector = fake.connector(port: port, webhookKey: UUID().uuidString, clock: clock, logger: logger)
            return try await connector.history.events(since: start) { done, total in
                if done == total || done % 25 == 0 { printError("  \(done) of \(total) conversations read") }
            }
        }
    }
}
