public struct RenderedButton: Sendable, Hashable, Codable {
    public var index: Int
    public var kind: TemplateButton.Kind
    public var value: String

    public init(index: Int, kind: TemplateButton.Kind, value: String) {
        self.index = index
        self.kind = kind
        self.value = value
    }
}
