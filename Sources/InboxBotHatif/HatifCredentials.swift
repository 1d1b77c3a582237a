import Foundation

/// The service account's client id and secret. They come from the environment or a file,
/// and the secret never appears in a description, a log or an error.
public struct HatifCredentials: Sendable, CustomStringConvertible {
    public let clientID: String
    let clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(path: String)

        public var description: String {
            switch self {
            case .missing(let name): "\(name) is not set; put the Hatif client credentials in the environment (see docs/platforms/hatif.md)"
            case .unreadable(let path): "cannot read the client secret file \(path)"
            }
        }
    }

    /// Reads `HATIF_CLIENT_ID`, and `HATIF_CLIENT_SECRET` or `HATIF_CLIENT_SECRET_FILE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(LoadError) -> HatifCredentials {
        guard let clientID = environment["HATIF_CLIENT_ID"], !clientID.isEmpty else { throw .missing("HATIF_CLIENT_ID") }
        if let secret = environment["HATIF_CLIENT_SECRET"], !secret.isEmpty {
            return HatifCredentials(clientID: clientID, clientSecret: secret)
        }
        guard let path = environment["HATIF_CLIENT_SECRET_FILE"], !path.isEmpty else {
            throw .missing("HATIF_CLIENT_SECRET (or HATIF_CLIENT_SECRET_FILE)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw .unreadable(path: path) }
        return HatifCredentials(clientID: clientID, clientSecret: secret)
    }

    public var description: String { "HatifCredentials(clientID: \(clientID), clientSecret: <redacted>)" }
}
