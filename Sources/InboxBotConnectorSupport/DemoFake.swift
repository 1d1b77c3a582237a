import AsyncHTTPClient
import Foundation
import InboxBotCore
import Logging

/// A platform's fake as `inboxbot demo` runs it: the server, a connector on it, and the
/// simulated customers with their webhook deliveries.
public protocol DemoFake: Sendable {
    /// The platform's name for people: `Hatif`.
    var title: String { get }
    /// Serves the fake until cancelled; `onRunning` gets the port.
    func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws
    /// The platform's real connector on the fake at `port`, webhooks admitted by `webhookKey`.
    func connector(port: Int, webhookKey: String, clock: any WallClock, logger: Logger) -> any Connector
    /// Simulated customers and the webhook sender, until cancelled.
    func customers(actionsPerMinute: Double, webhookURL: String) async
    /// One simulated customer action at a time, at the fake's clock's time, for traffic made
    /// ahead of time (`replay --from-fake`).
    func customerSteps() -> @Sendable () async -> Void
}

/// How the demo makes a platform's fake.
public struct DemoSetup: Sendable {
    /// The rules the demo runs by default, from the repository's root.
    public let rulesPath: String
    /// Where demo time starts, and how it is told (`Tue 2026-03-17 17:30 in Riyadh`).
    public let startTime: Date
    public let startDescription: String
    /// The fake, on the demo's clock.
    public let make: @Sendable (_ clock: any WallClock) -> any DemoFake

    public init(rulesPath: String, startTime: Date, startDescription: String, make: @escaping @Sendable (_ clock: any WallClock) -> any DemoFake) {
        self.rulesPath = rulesPath
        self.startTime = startTime
        self.startDescription = startDescription
        self.make = make
    }
}
