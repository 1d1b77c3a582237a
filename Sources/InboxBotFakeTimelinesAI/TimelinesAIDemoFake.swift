import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTimelinesAI
import Logging

/// The fake TimelinesAI in the demo: a WhatsApp inbox in Tel Aviv. Demo time runs fast, so the
/// client's pace (real time) is raised; the fake's limit counts in demo time.
struct TimelinesAIDemoFake: DemoFake {
    let timelines: FakeTimelinesAI

    init(clock: any WallClock) {
        timelines = FakeTimelinesAI(options: .init(token: "demo-token", now: { clock.now() }))
    }

    var title: String { "TimelinesAI" }

    func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await FakeTimelinesAIServer(timelines: timelines).run(port: 0, logger: logger, onRunning: onRunning)
    }

    func connector(port: Int, webhookKey: String, clock: any WallClock, logger: Logger) -> any Connector {
        let client = TimelinesAIClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: APIToken("demo-token"), requestTimeout: 5, requestsPerMinute: 3000, burst: 20),
            httpClient: HTTPClient.shared, logger: logger)
        var settings = TimelinesAIConnector.Settings()
        settings.webhookKey = webhookKey
        return TimelinesAIConnector(client: client, settings: settings, clock: clock)
    }

    func customers(actionsPerMinute: Double, webhookURL: String) async {
        let traffic = FakeTimelinesAITraffic(timelines: timelines, actionsPerMinute: actionsPerMinute)
        let sender = FakeWebhookSender(source: timelines, options: .init(url: webhookURL))
        async let customers: Void = traffic.run()
        async let deliveries: Void = sender.run()
        _ = await (customers, deliveries)
    }

    func customerSteps() -> @Sendable () async -> Void {
        let traffic = FakeTimelinesAITraffic(timelines: timelines, actionsPerMinute: 1)
        return { await traffic.step() }
    }
}
