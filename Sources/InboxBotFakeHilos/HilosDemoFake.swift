import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotHilos
import Logging

/// The fake Hilos in the demo: a WhatsApp inbox in Mexico City, read by polling, with a flow
/// pushing customers' messages to the worker as docs/platforms/hilos.md sets one up. Demo time
/// runs fast, so the client's pace (real time) is raised.
struct HilosDemoFake: DemoFake {
    let hilos: FakeHilos

    init(clock: any WallClock) {
        hilos = FakeHilos(options: .init(key: "demo-key", now: { clock.now() }))
    }

    var title: String { "Hilos" }

    func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await FakeHilosServer(hilos: hilos).run(port: 0, logger: logger, onRunning: onRunning)
    }

    func connector(port: Int, webhookKey: String, clock: any WallClock, logger: Logger) -> any Connector {
        let client = HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", key: APIToken("demo-key"), requestTimeout: 5,
                                                      requestsPerMinute: 3000, burst: 20),
                                 httpClient: HTTPClient.shared, logger: logger)
        var settings = HilosConnector.Settings()
        settings.flowKey = webhookKey
        return HilosConnector(client: client, settings: settings, clock: clock)
    }

    func customers(actionsPerMinute: Double, webhookURL: String) async {
        let traffic = FakeHilosTraffic(hilos: hilos, actionsPerMinute: actionsPerMinute)
        let flow = FakeWebhookSender(source: hilos, options: .init(url: webhookURL))
        async let customers: Void = traffic.run()
        async let pushes: Void = flow.run()
        _ = await (customers, pushes)
    }

    func customerSteps() -> @Sendable () async -> Void {
        let traffic = FakeHilosTraffic(hilos: hilos, actionsPerMinute: 1)
        return { await traffic.step() }
    }
}
