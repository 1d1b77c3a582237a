/// Something a rule does when it fires, as written in its `then:`.
public struct Action: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case assign(AssignTarget)
        case tag([String])
        case untag([String])
        case sendText(TextTemplate)
        case sendTemplate(WhatsAppTemplate)
        case createConversation(NewConversation)

        public var keyword: String {
            switch self {
            case .assign(.unassign): "unassign"
            case .assign: "assign"
            case .tag: "tag"
            case .untag: "untag"
            case .sendText: "send_text"
            case .sendTemplate: "send_template"
            case .createConversation: "create_conversation"
            }
        }
    }

    public static let keywords = ["assign", "unassign", "tag", "untag", "send_text", "send_template", "create_conversation"]

    public var kind: Kind
    public var location: SourceLocation?

    public init(_ kind: Kind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    /// Every piece of templated text in the action, for checking placeholders.
    public var templates: [TextTemplate] {
        switch kind {
        case .assign(.user(let user)): [user]
        case .assign: []
        case .tag, .untag: []
        case .sendText(let text): [text]
        case .sendTemplate(let template): template.allTexts
        case .createConversation(let new): [new.phone] + (new.contactName.map { [$0] } ?? [])
        }
    }
}

public enum AssignTarget: Sendable, Hashable {
    /// A user by email or id; may be templated, as in `{{contact.properties.account_manager}}`.
    case user(TextTemplate)
    /// The next user of the pool in turn; the worker keeps the turn.
    case roundRobin([String])
    case unassign
}

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

public enum TemplateHeader: Sendable, Hashable {
    case text(TextTemplate)
    case image(TextTemplate)
    case video(TextTemplate)
    case document(TextTemplate, filename: TextTemplate?)
}

public struct TemplateButton: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
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

public struct NewConversation: Sendable, Hashable {
    /// A channel name or id.
    public var channel: String
    public var phone: TextTemplate
    public var contactName: TextTemplate?
    public var assignee: String?

    public init(channel: String, phone: TextTemplate, contactName: TextTemplate? = nil, assignee: String? = nil) {
        self.channel = channel
        self.phone = phone
        self.contactName = contactName
        self.assignee = assignee
    }
}
