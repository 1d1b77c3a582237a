import Foundation

/// Why a rule's condition held or not: each test, whether it held, and what it saw.
public struct ConditionTrace: Sendable, Hashable {
    public var description: String
    public var held: Bool
    /// The value the test saw in the event; nil for `all`, `any` and `not`.
    public var actual: String?
    public var children: [ConditionTrace]

    public init(description: String, held: Bool, actual: String? = nil, children: [ConditionTrace] = []) {
        self.description = description
        self.held = held
        self.actual = actual
        self.children = children
    }

    /// Indented lines with ✓ and ✗, as printed by the commands.
    public func lines(indent: String = "") -> [String] {
        let mark = held ? "✓" : "✗"
        let seen = actual.map { "  (saw \($0))" } ?? ""
        return ["\(indent)\(mark) \(description)\(seen)"] + children.flatMap { $0.lines(indent: indent + "  ") }
    }
}
