import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotHilos

extension PlatformEntry {
    /// Hilos in the one list: its capabilities, settings, connector, fake and demo.
    public static let hilos = PlatformEntry(
        capabilities: .hilos,
        settings: [PlatformSetting("base_url", default: "https://api.hilos.io", kind: .url, help: "the Hilos API")],
        credentials: "HILOS_API_KEY or HILOS_API_KEY_FILE (an API key from app.hilos.io, Developers, API keys)",
        connect: { context in
            let key: APIToken
            do {
                key = try APIToken.fromEnvironment(context.environment, variable: "HILOS_API_KEY", missing: "create an API key in Hilos under Developers, API keys")
            } catch {
                throw ConnectorFailure("\(error)")
            }
            let client = HilosClient(configuration: .init(baseURL: context.settings["base_url"] ?? "https://api.hilos.io", key: key),
                                     httpClient: context.httpClient, logger: context.logger)
            var settings = HilosConnector.Settings()
            // A Hilos flow's HTTP step sends the worker's key; Hilos signs nothing.
            settings.flowKey = context.webhookKey
            return HilosConnector(client: client, settings: settings, clock: context.clock)
        },
        fakeCommand: FakeHilosCommand.self,
        // Tuesday 2026-03-17 16:30 in Mexico City (22:30Z): at 900×, 20 s are the last of the
        // office day and the evening, when unanswered conversations go to the rota.
        demo: DemoSetup(rulesPath: "examples/hilos/rules", startTime: Date(timeIntervalSince1970: 1_773_786_600), startDescription: "Tue 2026-03-17 16:30 in Mexico City") {
            HilosDemoFake(clock: $0)
        })
}
