import Foundation

/// The API token (Profile, API Tokens in TextUs). It comes from the environment or a file,
/// and never appears in a description, a log or an error.
public struct TextUsToken: Sendable, CustomStringConvertible {
    let value: String

    public init(_ value: String) {
        self.value = value
    }

    public enum LoadError: Error, CustomStringConvertible {
        case missing
        case unreadable(path: String)

        public var description: String {
            switch self {
            case .missing: "TEXTUS_TOKEN (or TEXTUS_TOKEN_FILE) is not set; create an API token in TextUs under Profile, API Tokens (see docs/platforms/textus.md)"
            case .unreadable(let path): "cannot read the TextUs token file \(path), or it is empty"
            }
        }
    }

    /// Reads `TEXTUS_TOKEN`, or the file `TEXTUS_TOKEN_FILE` names.
    public static func fromEnvironment(_ environment: [String: String]) throws(LoadError) -> TextUsToken {
        if let token = environment["TEXTUS_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return TextUsToken(token)
        }
        guard let path = environment["TEXTUS_TOKEN_FILE"], !path.isEmpty else { throw .missing }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .unreadable(path: path) }
        return TextUsToken(token)
    }

    public var description: String { "TextUsToken(<redacted>)" }
}
