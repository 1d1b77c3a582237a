/// `call:` as written: an endpoint named in the worker's configuration (never a URL from the
/// rule or the event), and the JSON body built from the event; without a body, the event
/// itself and the rule's id are sent.
public struct EndpointCall: Sendable, Hashable {
    /// A JSON value whose strings are templates.
    public indirect enum Body: Sendable, Hashable {
        case text(TextTemplate)
        case object([Field])
        case array([Body])
        /// A number, a boolean or null, sent as written.
        case literal(JSONValue)
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Body

        public init(name: String, value: Body) {
            self.name = name
            self.value = value
        }
    }

    public var endpoint: String
    public var body: Body?

    /// Whether the text can name an endpoint: letters, digits, `-` and `_` (never a URL).
    public static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    public init(endpoint: String, body: Body? = nil) {
        self.endpoint = endpoint
        self.body = body
    }

    /// Every template in the body, for checking placeholders.
    public var templates: [TextTemplate] {
        func collect(_ body: Body) -> [TextTemplate] {
            switch body {
            case .text(let template): [template]
            case .object(let fields): fields.flatMap { collect($0.value) }
            case .array(let items): items.flatMap(collect)
            case .literal: []
            }
        }
        return body.map(collect) ?? []
    }
}
