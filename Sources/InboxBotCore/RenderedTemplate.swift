public struct RenderedTemplate: Sendable, Hashable, Codable {
    public var name: String
    public var language: String
    public var header: RenderedHeader?
    public var body: [String]
    public var buttons: [RenderedButton]

    public init(name: String, language: String, header: RenderedHeader? = nil, body: [String] = [], buttons: [RenderedButton] = []) {
        self.name = name
        self.language = language
        self.header = header
        self.body = body
        self.buttons = buttons
    }
}
