import InboxBotCore
import InboxBotTextUs

extension PlatformEntry {
    /// Rules can be checked for TextUs already; its connector comes next (issue 10).
    static let textus = PlatformEntry(
        capabilities: .textus,
        settings: [PlatformSetting("base_url", default: "https://next.textus.com", kind: .url, help: "the TextUs Next API")],
        connect: nil, fakeCommand: nil)
}
