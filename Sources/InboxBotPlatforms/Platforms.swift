import ArgumentParser
import InboxBotCore
import InboxBotHatif
import InboxBotTextUs

/// The one list of the platforms inboxbot knows. A new platform is a target of its own
/// and one line here.
public enum Platforms {
    public static let all: [PlatformEntry] = [
        .hatif,
        .textus,
    ]

    public static func named(_ name: String) -> PlatformEntry? {
        all.first { $0.name == name.lowercased() }
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
