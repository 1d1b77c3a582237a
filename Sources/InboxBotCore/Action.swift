/// Something a rule does when it fires, as written in its `then:`.
public struct Action: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case assign(AssignTarget)
        /// A team by name or id (Hilos's `assigned_team`); `none` takes the team off.
        case assignTeam(String)
        case tag([String])
        case untag([String])
        case sendText(TextTemplate)
        case sendTemplate(WhatsAppTemplate)
        case createConversation(NewConversation)
        case runFlow(FlowRun)
        case close
        case reopen

        public var keyword: String {
            switch self {
            case .assign(.unassign): "unassign"
            case .assign: "assign"
            case .assignTeam: "assign_team"
            case .tag: "tag"
            case .untag: "untag"
            case .sendText: "send_text"
            case .sendTemplate: "send_template"
            case .createConversation: "create_conversation"
            case .runFlow: "run_flow"
            case .close: "close"
            case .reopen: "reopen"
            }
        }
    }

    public static let keywords = ["assign", "unassign", "assign_team", "tag", "untag", "send_text", "send_template", "create_conversation", "run_flow", "close", "reopen"]

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
        case .assignTeam, .tag, .untag, .close, .reopen: []
        case .sendText(let text): [text]
        case .sendTemplate(let template): template.allTexts
        case .createConversation(let new): [new.phone] + [new.contactName, new.text].compactMap { $0 }
        case .runFlow(let run): run.variables.map(\.value)
        }
    }
}
