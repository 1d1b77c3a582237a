import Foundation
import InboxBotCore

/// A setting of a platform's section of the configuration.
public struct PlatformSetting: Sendable {
    public enum Kind: Sendable {
        case url
        case flag
        /// A name in a URL path: letters, digits, `_` and `-`; it has no default to fall back on.
        case slug
        /// A number within a range, such as a rate.
        case number(ClosedRange<Double>)
    }

    public let key: String
    public let defaultValue: String
    public let kind: Kind
    /// What it does, for the commented configuration `inboxbot init` writes.
    public let help: String

    public init(_ key: String, default defaultValue: String, kind: Kind, help: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.kind = kind
        self.help = help
    }

    /// Why `value` will not do, or nil.
    public func problem(with value: String) -> String? {
        switch kind {
        case .url: URL(string: value)?.scheme?.hasPrefix("http") == true ? nil : "must be an http(s) URL, not '\(value.excerpt())'"
        case .flag: Bool(value.lowercased()) != nil ? nil : "must be true or false, not '\(value.excerpt())'"
        case .number(let range):
            Double(value).map { $0.isFinite && range.contains($0) } == true
                ? nil : "must be a number from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound)), not '\(value.excerpt())'"
        case .slug:
            // Unset is found when the platform is chosen, by its connector.
            value.isEmpty ? nil : value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                ? nil : "must be letters, digits, _ and - only, not '\(value.excerpt())'"
        }
    }

    /// `6000`, `0.5`: the same on every machine, as a value in the file would be written.
    private static func plain(_ number: Double) -> String {
        Int(exactly: number).map(String.init) ?? String(number)
    }
}
