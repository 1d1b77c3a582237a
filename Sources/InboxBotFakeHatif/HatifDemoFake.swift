import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotHatif
import Logging

/// The fake Hatif in the demo: its customers write in Arabic and English.
struct HatifDemoFake: DemoFake {
    let hatif: FakeHatif

    init(clock: any WallClock) {
        hatif = FakeHatif(options: .init(clientID: "inboxbot-demo", clientSecret: "demo-secret", now: { clock.now() }))
    }

    var title: String { "Hatif" }

    func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await FakeHatifServer(hatif: hatif).run(port: 0, logger: logger, onRunning: onRunning)
    }

    func connector(port: Int, webhookKey: String, clock: any WallClock, logger: Logger) -> any Connector {
        let client = HatifClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: HatifCredentials(clientID: "inboxbot-demo", clientSecret: "demo-secret"),
                                 requestTimeout: 5),
            httpClient: HTTPClient.shared, logger: logger)
        var settings = HatifConnector.Settings()
        settings.createsMissingTags = true
        settings.webhookKey = webhookKey
        return HatifConnector(client: client, settings: settings, clock: clock)
    }

    func customers(actionsPerMinute: Double, webhookURL: String) async {
        let traffic = FakeTrafficGenerator(hatif: hatif, options: .init(actionsPerMinute: actionsPerMinute))
        let sender = FakeWebhookSender(source: hatif, options: .init(url: webhookURL))
        async let customers: Void = traffic.run()
        async let deliveries: Void = sender.run()
        _ = await (customers, deliveries)
    }

    func customerSteps() -> @Sendable () async -> Void {
        let traffic = FakeTrafficGenerator(hatif: hatif)
        return { await traffic.step() }
    }
}
