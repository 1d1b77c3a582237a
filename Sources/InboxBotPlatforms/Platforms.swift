import ArgumentParser
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeHatif
import InboxBotFakeHilos
import InboxBotFakeTextUs
import InboxBotFakeTimelinesAI

/// The one list of the platforms inboxbot knows. A platform is its connector's target and
/// its fake's target, which also holds its `PlatformEntry`; adding one is those two targets
/// and one line here.
public enum Platforms {
    public static let all: [PlatformEntry] = [
        .hatif,
        .textus,
        .timelinesai,
        .hilos,
    ]

    public static func named(_ name: String) -> PlatformEntry? {
        all.first { $0.name == name.lowercased() }
    }

    /// The ids a conversation id given on the command line may stand for: as given, and with
    /// each platform's prefix (`textus:/conversations/Pq7Lm2` for `/conversations/Pq7Lm2`).
    public static func conversationIDs(matching id: String) -> [String] {
        [id] + all.map(\.capabilities.idPrefix).filter { !$0.isEmpty && !id.hasPrefix($0) }.map { $0 + id }
    }

    /// `hatif, textus`, for error messages and help.
    public static var names: String { all.map(\.name).joined(separator: ", ") }

    /// What to say of a platform name not on the list: a did-you-mean, and the list.
    public static func unknown(_ name: String) -> String {
        "unknown platform '\(name.excerpt())'\(Suggestion.hint(for: name, among: all.map(\.name))) (platforms: \(names))"
    }

    /// The platform a command-line option names, or the usage error that says what is known.
    public static func entry(forOption name: String) throws(ValidationError) -> PlatformEntry {
        guard let entry = named(name) else { throw ValidationError(unknown(name)) }
        return entry
    }
}
