public struct TagTest: Sendable, Hashable {
    public var includes: [String]
    public var anyOf: [String]
    public var allOf: [String]
    public var noneOf: [String]
    /// `empty: true` holds when the conversation has no tags; `false` when it has some.
    public var isEmpty: Bool?

    public init(includes: [String] = [], anyOf: [String] = [], allOf: [String] = [], noneOf: [String] = [], isEmpty: Bool? = nil) {
        self.includes = includes
        self.anyOf = anyOf
        self.allOf = allOf
        self.noneOf = noneOf
        self.isEmpty = isEmpty
    }

    /// Tags that must all be present.
    public var required: [String] { includes + allOf }
}
