import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTextUs
import Logging

/// The fake TextUs in the demo: an SMS inbox in Chicago.
struct TextUsDemoFake: DemoFake {
    let textus: FakeTextUs

    init(clock: any WallClock) {
        textus = FakeTextUs(options: .init(token: "demo-token", now: { clock.now() }))
    }

    var title: String { "TextUs" }

    func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await FakeTextUsServer(textus: textus).run(port: 0, logger: logger, onRunning: onRunning)
    }

    func connector(port: Int, webhookKey: String, clock: any WallClock, logger: Logger) -> any Connector {
        let client = TextUsClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: TextUsToken("demo-token"), account: "acme_support", requestTimeout: 5),
            httpClient: HTTPClient.shared, logger: logger)
        var settings = TextUsConnector.Settings()
        settings.webhookKey = webhookKey
        return TextUsConnector(client: client, settings: settings, clock: clock)
    }

    func customers(actionsPerMinute: Double, webhookURL: String) async {
        let traffic = FakeTextUsTraffic(textus: textus, actionsPerMinute: actionsPerMinute)
        let sender = FakeWebhookSender(source: textus, options: .init(url: webhookURL))
        async let customers: Void = traffic.run()
        async let deliveries: Void = sender.run()
        _ = await (customers, deliveries)
    }

    func customerSteps() -> @Sendable () async -> Void {
        let traffic = FakeTextUsTraffic(textus: textus, actionsPerMinute: 1)
        return { await traffic.step() }
    }
}
