/// A WhatsApp template message with its parameters, in Hatif's documented structure.
public struct WhatsAppTemplate: Sendable, Hashable {
    public var name: String
    public var language: String
    public var header: TemplateHeader?
    /// Positional body parameters: `{{1}}`, `{{2}}`, …
    public var body: [TextTemplate]
    public var buttons: [TemplateButton]

    public init(name: String, language: String, header: TemplateHeader? = nil, body: [TextTemplate] = [], buttons: [TemplateButton] = []) {
        self.name = name
        self.language = language
        self.header = header
        self.body = body
        self.buttons = buttons
    }

    /// How many values a send carries in all: the header's (text or media), the body's and
    /// the buttons', as a platform that takes one list of variables counts them (Hilos).
    public var valueCount: Int {
        (header == nil ? 0 : 1) + body.count + buttons.count
    }

    var allTexts: [TextTemplate] {
        var texts = body + buttons.map(\.value)
        switch header {
        case .text(let text), .image(let text), .video(let text): texts.append(text)
        case .document(let url, let filename): texts += [url] + (filename.map { [$0] } ?? [])
        case nil: break
        }
        return texts
    }
}
