import InboxBotCore
import InboxBotTextUs

extension PlatformEntry {
    /// Rules can be checked for TextUs already; its connector comes next (issue 10).
    static let textus = PlatformEntry(
        capabilities: .textus,
        settings: [PlatformSetting("base_url", default: "https://next.textus.com", kind: .url, help: "the TextUs Next API")],
        credentials: "TEXTUS_TOKEN or TEXTUS_TOKEN_FILE (an API token from Profile, API Tokens)",
        connect: nil, fakeCommand: nil)
}
