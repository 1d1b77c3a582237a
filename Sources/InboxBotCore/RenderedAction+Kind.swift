extension RenderedAction {
    /// Whether doing the action twice has the same effect as once (assignments, tags).
    /// Sends, conversation creation and flow runs are not: the platform may deliver a repeat.
    /// A call is: it carries its idempotency key, for the endpoint to take it once.
    public var isRepeatable: Bool {
        switch self {
        case .sendText, .sendTemplate, .createConversation, .runFlow: false
        default: true
        }
    }

    /// Whether the action changes the conversation's own fields (assignee, tags, status),
    /// rather than adding to its timeline.
    public var changesConversation: Bool {
        switch self {
        case .assign, .assignRoundRobin, .assignFromPool, .unassign, .assignTeam, .addTags, .removeTags, .close, .reopen: true
        case .sendText, .sendTemplate, .createConversation, .runFlow, .optOut, .optIn, .setContactProperties, .callEndpoint: false
        }
    }

    /// The action's kind, as rule files name it: `assign`, `tag`, `send_text`, …
    public var keyword: String {
        switch self {
        case .assign, .assignRoundRobin, .assignFromPool: "assign"
        case .unassign: "unassign"
        case .assignTeam: "assign_team"
        case .addTags: "tag"
        case .removeTags: "untag"
        case .sendText: "send_text"
        case .sendTemplate: "send_template"
        case .createConversation: "create_conversation"
        case .runFlow: "run_flow"
        case .close: "close"
        case .reopen: "reopen"
        case .setContactProperties: "set_contact_property"
        case .callEndpoint: "call"
        case .optOut: "opt_out"
        case .optIn: "opt_in"
        }
    }

    /// Whether the action goes to an endpoint of the configuration rather than the platform.
    public var isEndpointCall: Bool {
        if case .callEndpoint = self { true } else { false }
    }

    /// Whether the action only changes the bot's own state (opt-outs), never the platform's.
    public var isLocal: Bool {
        switch self {
        case .optOut, .optIn: true
        default: false
        }
    }

    /// For an automated message to a person (text, template, flow, a new conversation), the
    /// keys of whom it goes to, primary first: the conversation's contact, or the new
    /// conversation's number. Nil for every other action. The send guard and `send_limit` go by it.
    public func recipientKeys(contactKeys: [String]) -> [String]? {
        switch self {
        case .sendText, .sendTemplate, .runFlow: contactKeys
        case .createConversation(_, let phone, _, _, _): [ContactKey.phone(phone) ?? "phone:" + phone]
        default: nil
        }
    }
}
