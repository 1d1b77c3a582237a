/// An error or warning about a rule file, printed as `path:line:col: error: message`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation?
    /// One line; a fix hint, where there is one, follows after "; ".
    public var message: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = Self.bounded(message)
        self.location = location
    }

    /// The message with every long stretch (in practice, a value quoted from the file) cut
    /// to an excerpt: a bad value of a megabyte must not become a megabyte of output.
    static func bounded(_ message: String) -> String {
        guard message.utf8.count > 240 else { return message }
        return message.split(separator: "'", omittingEmptySubsequences: false).map { $0.excerpt(200) }.joined(separator: "'")
    }

    public static func error(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}

extension [Diagnostic] {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// File order, then line and column; diagnostics without a place go last.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            switch (lhs.element.location, rhs.element.location) {
            case let (left?, right?): left == right ? lhs.offset < rhs.offset : left < right
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}
