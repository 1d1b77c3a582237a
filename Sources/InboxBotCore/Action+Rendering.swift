import Foundation

extension Action {
    /// The action rendered once for every event, when rendering reads neither the event nor
    /// the time (a tag, a fixed assignee, a text without placeholders); nil when it does.
    func renderedAlike(ruleID: String) -> Result<RenderedAction, RenderError>? {
        switch kind {
        case .assign(.unassign), .assignTeam, .tag, .untag, .close, .reopen, .optOut, .optIn: break
        case .assign(.user(let user)) where user.isLiteral: break
        case .sendText(let body) where body.isLiteral: break
        default: return nil
        }
        // Rendered from an empty event: these kinds read nothing of it.
        let empty = Event(id: "", type: .messageReceived, time: .distantPast, conversation: ConversationSnapshot(id: ""))
        return render(for: empty, ruleID: ruleID)
    }

    /// `render(for:ruleID:)` as a function of the event alone, for an action that renders
    /// differently per event. A text or an assignee renders its one template directly: through
    /// `render`, every event copied the whole action out of its kind first.
    func renderer(ruleID: String) -> @Sendable (Event) -> Result<RenderedAction, RenderError> {
        switch kind {
        case .sendText(let body): { event in body.render(event, ruleID: ruleID).map(RenderedAction.sendText) }
        case .assign(.user(let user)): { event in user.render(event, ruleID: ruleID).map { .assign(user: $0) } }
        default: { [self] event in render(for: event, ruleID: ruleID) }
        }
    }

    /// Fills in the action's templates from the event; fails rather than leave a blank.
    public func render(for event: Event, ruleID: String) -> Result<RenderedAction, RenderError> {
        func text(_ template: TextTemplate) throws(RenderError) -> String {
            try template.render(event, ruleID: ruleID).get()
        }
        do {
            switch kind {
            case .assign(.user(let user)): return .success(.assign(user: try text(user)))
            case .assign(.pool(let pool)):
                // Working hours and capacities are the rule set's: `CompiledRuleSet` fills them in.
                return .success(.assignFromPool(RenderedPool(members: pool.members.map { RenderedPool.Member(user: $0) }, strategy: pool.strategy,
                                                             fallback: pool.fallback, rotation: pool.members)))
            case .assign(.unassign): return .success(.unassign)
            case .assignTeam(let team): return .success(.assignTeam(team.caseInsensitiveCompare("none") == .orderedSame ? nil : team))
            case .tag(let tags): return .success(.addTags(tags))
            case .untag(let tags): return .success(.removeTags(tags))
            case .sendText(let body): return .success(.sendText(try text(body)))
            case .sendTemplate(let template):
                return .success(.sendTemplate(try rendered(template, text)))
            case .sendTextOrTemplate(let body, let fallback):
                // The window at the event's time (a timer's event is at its due time).
                if ServiceWindow.isOpen(event.conversation, at: event.time) { return .success(.sendText(try text(body))) }
                return .success(.sendTemplate(try rendered(fallback, text)))
            case .createConversation(let new):
                return .success(.createConversation(
                    channel: new.channel, phone: try text(new.phone),
                    contactName: try new.contactName.map(text), assignee: new.assignee, text: try new.text.map(text)))
            case .runFlow(let run):
                var variables: [String: String] = [:]
                for variable in run.variables { variables[variable.name] = try text(variable.value) }
                return .success(.runFlow(RenderedFlowRun(flow: run.flow, variables: variables, priority: run.priority)))
            case .close: return .success(.close)
            case .reopen: return .success(.reopen)
            case .setContactProperties(let properties):
                var values: [String: String] = [:]
                for property in properties { values[property.name] = try text(property.value) }
                return .success(.setContactProperties(values))
            case .call(let call):
                let body: String
                if let written = call.body { body = try rendered(written, text).serialized(indent: nil) } else { body = Self.defaultBody(event, ruleID: ruleID) }
                return .success(.callEndpoint(RenderedCall(endpoint: call.endpoint, body: body)))
            case .optOut: return .success(.optOut)
            case .optIn: return .success(.optIn)
            }
        } catch {
            return .failure(error)
        }
    }

    private func rendered(_ body: EndpointCall.Body, _ text: (TextTemplate) throws(RenderError) -> String) throws(RenderError) -> JSONValue {
        switch body {
        case .text(let template): return .string(try text(template))
        case .literal(let value): return value
        case .array(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try rendered(item, text)) }
            return .array(values)
        case .object(let fields):
            var pairs: [(String, JSONValue)] = []
            for field in fields { pairs.append((field.name, try rendered(field.value, text))) }
            return .object(pairs)
        }
    }

    /// A `call` without a body sends the rule's id and the whole event, as `docs/events.md` describes it.
    static func defaultBody(_ event: Event, ruleID: String) -> String {
        struct Payload: Encodable {
            let rule: String
            let event: Event
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        guard let data = try? encoder.encode(Payload(rule: ruleID, event: event)) else { return #"{"rule":"\#(ruleID)"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    private func rendered(_ template: WhatsAppTemplate, _ text: (TextTemplate) throws(RenderError) -> String) throws(RenderError) -> RenderedTemplate {
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
        return RenderedTemplate(name: template.name, language: template.language, header: header, body: body, buttons: buttons)
    }
}
