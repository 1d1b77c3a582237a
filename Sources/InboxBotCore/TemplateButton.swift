public struct TemplateButton: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The dynamic suffix of a URL button.
        case url
        /// The payload a quick-reply button sends back.
        case quickReply = "quick_reply"
    }

    public var index: Int
    public var kind: Kind
    public var value: TextTemplate

    public init(index: Int, kind: Kind, value: TextTemplate) {
        self.index = index
        self.kind = kind
        self.value = value
    }
}
