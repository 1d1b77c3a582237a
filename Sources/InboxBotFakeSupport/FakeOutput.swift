import Foundation

/// What a fake's command prints.
public enum FakeOutput {
    /// A line on standard output at once, unbuffered, so scripts can read the port.
    public static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// The URL without the value of its `key` parameter, which is a secret.
    public static func redactingKey(_ url: String) -> String {
        guard var components = URLComponents(string: url), let items = components.queryItems else { return url }
        components.queryItems = items.map { $0.name == "key" ? URLQueryItem(name: "key", value: "REDACTED") : $0 }
        return components.string ?? url
    }
}
