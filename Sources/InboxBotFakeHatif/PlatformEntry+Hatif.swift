import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotHatif

extension PlatformEntry {
    /// Hatif in the one list: its capabilities, settings, connector, fake and demo.
    public static let hatif = PlatformEntry(
        capabilities: .hatif,
        settings: [
            PlatformSetting("base_url", default: "https://api.voxa.sa", kind: .url, help: "the Voxa API"),
            PlatformSetting("create_missing_tags", default: "false", kind: .flag, help: "true: create a tag a rule names when Hatif has none"),
        ],
        credentials: "HATIF_CLIENT_ID, and HATIF_CLIENT_SECRET or HATIF_CLIENT_SECRET_FILE",
        connect: { context in
            let credentials: HatifCredentials
            do {
                credentials = try HatifCredentials.fromEnvironment(context.environment)
            } catch {
                throw ConnectorFailure("\(error)")
            }
            let client = HatifClient(configuration: .init(baseURL: context.settings["base_url"] ?? "https://api.voxa.sa", credentials: credentials),
                                     httpClient: context.httpClient, logger: context.logger)
            var settings = HatifConnector.Settings()
            settings.createsMissingTags = context.flag("create_missing_tags")
            settings.webhookKey = context.webhookKey
            settings.webhookSecret = context.webhookSecret
            settings.webhookCacheSeconds = context.webhookCacheSeconds
            return HatifConnector(client: client, settings: settings, clock: context.clock)
        },
        fakeCommand: FakeHatifCommand.self,
        // Tuesday 2026-03-17 17:30 in Riyadh, after the fake's seeded conversations: at 900×,
        // 20 s are three and a half hours of the evening shift, then an hour and a half after hours.
        demo: DemoSetup(rulesPath: "rules", startTime: Date(timeIntervalSince1970: 1_773_757_800), startDescription: "Tue 2026-03-17 17:30 in Riyadh") {
            HatifDemoFake(clock: $0)
        })
}
