import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotTextUs

extension PlatformEntry {
    /// TextUs in the one list: its capabilities, settings, connector, fake and demo.
    public static let textus = PlatformEntry(
        capabilities: .textus,
        settings: [
            PlatformSetting("base_url", default: "https://next.textus.com", kind: .url, help: "the TextUs Next API"),
            PlatformSetting("account", default: "", kind: .slug, help: "your account's slug, as in next.textus.com/ACCOUNT/…"),
        ],
        credentials: "TEXTUS_TOKEN or TEXTUS_TOKEN_FILE (an API token from Profile, API Tokens)",
        connect: { context in
            let token: TextUsToken
            do {
                token = try APIToken.textUs(context.environment)
            } catch {
                throw ConnectorFailure("\(error)")
            }
            guard let account = context.settings["account"], !account.isEmpty else {
                throw ConnectorFailure("textus.account is not set; give your account's slug (the part after next.textus.com/ in the web app)")
            }
            let client = TextUsClient(configuration: .init(baseURL: context.settings["base_url"] ?? "https://next.textus.com", token: token, account: account),
                                      httpClient: context.httpClient, logger: context.logger)
            var settings = TextUsConnector.Settings()
            settings.webhookKey = context.webhookKey
            settings.webhookSecret = context.webhookSecret
            return TextUsConnector(client: client, settings: settings, clock: context.clock)
        },
        fakeCommand: FakeTextUsCommand.self,
        // Tuesday 2026-03-17 14:30 in Chicago: at 900×, 20 s are the rest of the office day, then evening.
        demo: DemoSetup(rulesPath: "examples/textus/rules", startTime: Date(timeIntervalSince1970: 1_773_775_800), startDescription: "Tue 2026-03-17 14:30 in Chicago") {
            TextUsDemoFake(clock: $0)
        })
}
