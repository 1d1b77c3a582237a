/// An action with every template filled in from the event, ready for a connector.
///
/// The cases with large payloads are `indirect` (boxed), so that an action, and every
/// planned action holding one, is 17 bytes, not 88: planned actions are copied into each
/// decision whose actions render per event, and a copy moved every byte.
public enum RenderedAction: Sendable, Hashable, Codable {
    case assign(user: String)
    /// The worker picks the next user of the pool in turn (as outbox entries made before
    /// pools had strategies hold it).
    case assignRoundRobin(pool: [String])
    /// The worker picks a member of the pool when it carries the action out.
    indirect case assignFromPool(RenderedPool)
    case unassign
    /// nil takes the team off.
    case assignTeam(String?)
    case addTags([String])
    case removeTags([String])
    case sendText(String)
    indirect case sendTemplate(RenderedTemplate)
    /// `text`, when given, is the first message (stored outbox entries without it still decode).
    indirect case createConversation(channel: String, phone: String, contactName: String?, assignee: String?, text: String?)
    indirect case runFlow(RenderedFlowRun)
    case close
    case reopen
    /// POST to an endpoint of the configuration; not the platform's.
    indirect case callEndpoint(RenderedCall)
    /// Contact properties by name; the platform's own names (Hatif: a property's key or name).
    case setContactProperties([String: String])
    /// Kept in the state store, not sent to the platform: the send guard reads it.
    case optOut
    case optIn

    public var summary: String {
        switch self {
        case .assign(let user): "assign to \(user)"
        case .assignRoundRobin(let pool): "assign round robin over \(pool.joined(separator: ", "))"
        case .assignFromPool(let pool): pool.summary
        case .unassign: "unassign"
        case .assignTeam(let team?): "assign to team \(team)"
        case .assignTeam(nil): "take the team off"
        case .addTags(let tags): "tag \(tags.joined(separator: ", "))"
        case .removeTags(let tags): "untag \(tags.joined(separator: ", "))"
        case .sendText(let text): "send text \"\(text)\""
        case .sendTemplate(let template):
            "send template \(template.name) (\(template.language))"
                + (template.body.isEmpty ? "" : " with \(template.body.map { "\"\($0)\"" }.joined(separator: ", "))")
        case .createConversation(let channel, let phone, let name, let assignee, let text):
            "create conversation on \(channel) with \(phone)"
                + (name.map { " (\($0))" } ?? "") + (assignee.map { ", assigned to \($0)" } ?? "") + (text.map { ", texting \"\($0)\"" } ?? "")
        case .runFlow(let run): run.summary
        case .close: "close"
        case .reopen: "reopen"
        case .setContactProperties(let values):
            "set the contact's " + values.sorted { $0.key < $1.key }.map { "\($0.key) to \"\($0.value)\"" }.joined(separator: ", ")
        case .callEndpoint(let call): "call \(call.endpoint) with \(call.body.excerpt(80))"
        case .optOut: "opt the contact out of automated messages"
        case .optIn: "opt the contact back in to automated messages"
        }
    }
}
