/// An action with every template filled in from the event, ready for a connector.
public enum RenderedAction: Sendable, Hashable {
    case assign(user: String)
    /// The worker picks the next user of the pool in turn.
    case assignRoundRobin(pool: [String])
    case unassign
    case addTags([String])
    case removeTags([String])
    case sendText(String)
    case sendTemplate(RenderedTemplate)
    case createConversation(channel: String, phone: String, contactName: String?, assignee: String?)

    public var summary: String {
        switch self {
        case .assign(let user): "assign to \(user)"
        case .assignRoundRobin(let pool): "assign round robin over \(pool.joined(separator: ", "))"
        case .unassign: "unassign"
        case .addTags(let tags): "tag \(tags.joined(separator: ", "))"
        case .removeTags(let tags): "untag \(tags.joined(separator: ", "))"
        case .sendText(let text): "send text \"\(text)\""
        case .sendTemplate(let template):
            "send template \(template.name) (\(template.language))"
                + (template.body.isEmpty ? "" : " with \(template.body.map { "\"\($0)\"" }.joined(separator: ", "))")
        case .createConversation(let channel, let phone, let name, let assignee):
            "create conversation on \(channel) with \(phone)"
                + (name.map { " (\($0))" } ?? "") + (assignee.map { ", assigned to \($0)" } ?? "")
        }
    }
}

public struct RenderedTemplate: Sendable, Hashable {
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

public enum RenderedHeader: Sendable, Hashable {
    case text(String)
    case image(url: String)
    case video(url: String)
    case document(url: String, filename: String?)
}

public struct RenderedButton: Sendable, Hashable {
    public var index: Int
    public var kind: TemplateButton.Kind
    public var value: String

    public init(index: Int, kind: TemplateButton.Kind, value: String) {
        self.index = index
        self.kind = kind
        self.value = value
    }
}

extension Action {
    /// Fills in the action's templates from the event; fails rather than leave a blank.
    public func render(for event: Event, ruleID: String) -> Result<RenderedAction, RenderError> {
        func text(_ template: TextTemplate) throws(RenderError) -> String {
            try template.render(event, ruleID: ruleID).get()
        }
        do {
            switch kind {
            case .assign(.user(let user)): return .success(.assign(user: try text(user)))
            case .assign(.roundRobin(let pool)): return .success(.assignRoundRobin(pool: pool))
            case .assign(.unassign): return .success(.unassign)
            case .tag(let tags): return .success(.addTags(tags))
            case .untag(let tags): return .success(.removeTags(tags))
            case .sendText(let body): return .success(.sendText(try text(body)))
            case .sendTemplate(let template):
                let header: RenderedHeader? = switch template.header {
                case .text(let value): .text(try text(value))
                case .image(let url): .image(url: try text(url))
                case .video(let url): .video(url: try text(url))
                case .document(let url, let filename): .document(url: try text(url), filename: try filename.map(text))
                case nil: nil
                }
                var body: [String] = []
                for parameter in template.body { body.append(try text(parameter)) }
                var buttons: [RenderedButton] = []
                for button in template.buttons {
                    buttons.append(RenderedButton(index: button.index, kind: button.kind, value: try text(button.value)))
                }
                return .success(.sendTemplate(RenderedTemplate(
                    name: template.name, language: template.language, header: header, body: body, buttons: buttons)))
            case .createConversation(let new):
                return .success(.createConversation(
                    channel: new.channel, phone: try text(new.phone),
                    contactName: try new.contactName.map(text), assignee: new.assignee))
            }
        } catch {
            return .failure(error)
        }
    }
}
