/// A problem with one value in a rule file; the loader adds the position.
public struct RuleValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Offset in characters from the start of the value, when the problem is inside it.
    public var offset: Int?

    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}
