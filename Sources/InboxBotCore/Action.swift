/// Something a rule does when it fires, as written in its `then:`.
public struct Action: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case assign(AssignTarget)
        /// A team by name or id (Hilos's `assigned_team`); `none` takes the team off.
        case assignTeam(String)
        case tag([String])
        case untag([String])
        case sendText(TextTemplate)
        /// `send_text` with `fallback_template`: the text while WhatsApp's 24-hour window is
        /// open, else the template.
        case sendTextOrTemplate(TextTemplate, fallback: WhatsAppTemplate)
        case sendTemplate(WhatsAppTemplate)
        case createConversation(NewConversation)
        case runFlow(FlowRun)
        case close
        case reopen
        /// POST a JSON body to an endpoint the configuration names.
        case call(EndpointCall)
        /// Properties of the conversation's contact (Hatif's contact properties, Hilos's `meta`).
        case setContactProperties([ContactPropertyValue])
        /// The contact's opt-out from automated messages, kept in the state store.
        case optOut
        case optIn

        public var keyword: String {
            switch self {
            case .assign(.unassign): "unassign"
            case .assign: "assign"
            case .assignTeam: "assign_team"
            case .tag: "tag"
            case .untag: "untag"
            case .sendText, .sendTextOrTemplate: "send_text"
            case .sendTemplate: "send_template"
            case .createConversation: "create_conversation"
            case .runFlow: "run_flow"
            case .close: "close"
            case .reopen: "reopen"
            case .setContactProperties: "set_contact_property"
            case .call: "call"
            case .optOut: "opt_out"
            case .optIn: "opt_in"
            }
        }
    }

    public static let keywords = ["assign", "unassign", "assign_team", "tag", "untag", "send_text", "send_template", "create_conversation", "run_flow", "close", "reopen", "set_contact_property", "call", "opt_out", "opt_in"]

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
        case .assignTeam, .tag, .untag, .close, .reopen, .optOut, .optIn: []
        case .sendText(let text): [text]
        case .sendTemplate(let template): template.allTexts
        case .sendTextOrTemplate(let text, let fallback): [text] + fallback.allTexts
        case .createConversation(let new): [new.phone] + [new.contactName, new.text].compactMap { $0 }
        case .runFlow(let run): run.variables.map(\.value)
        case .setContactProperties(let properties): properties.map(\.value)
        case .call(let call): call.templates
        }
    }
}
