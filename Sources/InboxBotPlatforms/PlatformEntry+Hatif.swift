import InboxBotCore
import InboxBotFakeHatif
import InboxBotHatif

extension PlatformEntry {
    static let hatif = PlatformEntry(
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
        fakeCommand: FakeHatifCommand.self)
}
