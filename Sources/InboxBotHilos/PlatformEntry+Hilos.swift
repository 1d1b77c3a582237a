import InboxBotConnectorSupport
import InboxBotCore

extension PlatformEntry {
    /// Hilos in the one list. Rules can be checked for it already; its connector and fake come
    /// next (issue 13), and this entry moves to the fake's target with them, as the others' did.
    public static let hilos = PlatformEntry(
        capabilities: .hilos,
        settings: [PlatformSetting("base_url", default: "https://api.hilos.io", kind: .url, help: "the Hilos API")],
        credentials: "HILOS_API_KEY or HILOS_API_KEY_FILE (an API key from app.hilos.io, Developers, API keys)",
        connect: nil, fakeCommand: nil)
}
