import InboxBotConnectorSupport
import InboxBotCore

extension PlatformEntry {
    /// TimelinesAI in the one list. Rules can be checked for it already; its connector and
    /// fake come next (issue 12), and this entry moves to the fake's target with them, as
    /// Hatif's and TextUs's did.
    public static let timelinesai = PlatformEntry(
        capabilities: .timelinesai,
        settings: [PlatformSetting("base_url", default: "https://app.timelines.ai/integrations/api", kind: .url, help: "the TimelinesAI Public API")],
        credentials: "TIMELINESAI_TOKEN or TIMELINESAI_TOKEN_FILE (the workspace's Public API token: Integrations, Public API)",
        connect: nil, fakeCommand: nil)
}
