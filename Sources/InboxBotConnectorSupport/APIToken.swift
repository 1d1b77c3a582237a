import Foundation

/// A platform's API token, from the environment variable `NAME` or the file `NAME_FILE` names.
/// It never appears in a description, a log or an error.
public struct APIToken: Sendable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// Why no token could be read, with what to do.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `variable`, or the file `variable_FILE` names; `missing` says where the token is
    /// made, for the error when neither is set.
    public static func fromEnvironment(_ environment: [String: String], variable: String, missing: String) throws(LoadError) -> APIToken {
        if let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return APIToken(token)
        }
        guard let path = environment[variable + "_FILE"], !path.isEmpty else {
            throw LoadError(description: "\(variable) (or \(variable)_FILE) is not set; \(missing)")
        }
        guard let data = FileManager.default.contents(atPath: path),
              case let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else { throw LoadError(description: "cannot read the token file \(path) (\(variable)_FILE), or it is empty") }
        return APIToken(token)
    }

    public var description: String { "APIToken(<redacted>)" }
}
