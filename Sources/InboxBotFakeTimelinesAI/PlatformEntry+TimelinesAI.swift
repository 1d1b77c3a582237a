import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotTimelinesAI

extension PlatformEntry {
    /// TimelinesAI in the one list: its capabilities, settings, connector, fake and demo.
    public static let timelinesai = PlatformEntry(
        capabilities: .timelinesai,
        settings: [
            PlatformSetting("base_url", default: "https://app.timelines.ai/integrations/api", kind: .url, help: "the TimelinesAI Public API"),
            PlatformSetting("requests_per_minute", default: "50", kind: .number(1...6000), help: "the client's pace; TimelinesAI publishes 50 a minute (and 30 a second)"),
        ],
        credentials: "TIMELINESAI_TOKEN or TIMELINESAI_TOKEN_FILE (the workspace's Public API token: Integrations, Public API)",
        connect: { context in
            let token: APIToken
            do {
                token = try APIToken.fromEnvironment(context.environment, variable: "TIMELINESAI_TOKEN",
                                                     missing: "copy the workspace's token from TimelinesAI, Integrations, Public API (see docs/platforms/timelinesai.md)")
            } catch {
                throw ConnectorFailure("\(error)")
            }
            if context.webhookSecret != nil, context.webhookKey == nil {
                throw ConnectorFailure("TimelinesAI signs no webhook, so INBOXBOT_WEBHOOK_SECRET cannot check them; set INBOXBOT_WEBHOOK_KEY and put it in the webhook URLs (?key=…)")
            }
            let pace = context.settings["requests_per_minute"].flatMap(Double.init) ?? 50
            let client = TimelinesAIClient(configuration: .init(baseURL: context.settings["base_url"] ?? "https://app.timelines.ai/integrations/api", token: token,
                                                                requestsPerMinute: pace),
                                           httpClient: context.httpClient, logger: context.logger)
            var settings = TimelinesAIConnector.Settings()
            settings.webhookKey = context.webhookKey
            return TimelinesAIConnector(client: client, settings: settings, clock: context.clock)
        },
        fakeCommand: FakeTimelinesAICommand.self,
        // Tuesday 2026-03-17 15:30 in Tel Aviv (13:30Z): at 900×, 20 s are the rest of the office day, then evening.
        demo: DemoSetup(rulesPath: "examples/timelinesai/rules", startTime: Date(timeIntervalSince1970: 1_773_754_200), startDescription: "Tue 2026-03-17 15:30 in Tel Aviv") {
            TimelinesAIDemoFake(clock: $0)
        })
}
