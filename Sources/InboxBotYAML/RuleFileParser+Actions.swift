import InboxBotCore
import Yams

extension RuleFileParser {
    static let templateKeys = ["name", "language", "header", "body", "buttons"]
    static let headerKeys = ["text", "image", "video", "document", "filename"]
    static let buttonKeys = ["index", "url", "quick_reply"]
    static let newConversationKeys = ["channel", "phone", "contact_name", "assignee", "text"]
    static let flowRunKeys = ["flow", "variables", "priority"]
    /// Actions written as a bare word (`- close`) or with `true` (`- close: true`).
    static let bareActions: [String: Action.Kind] = ["unassign": .assign(.unassign), "close": .close, "reopen": .reopen,
                                                        "opt_out": .optOut, "opt_in": .optIn]

    mutating func parseActions(_ node: Node) -> [Action]? {
        guard case .sequence(let items) = node else {
            reader.error("'then' must be a list of actions, each starting with '- ', as in '- tag: vip'", node)
            return nil
        }
        guard !items.isEmpty else {
            reader.error("'then' is empty; a rule needs at least one action", node)
            return nil
        }
        var actions: [Action] = []
        var failed = false
        for item in items {
            guard reader.visit(item) else { return nil }
            if let action = parseAction(item) { actions.append(action) } else { failed = true }
        }
        return failed ? nil : actions
    }

    private mutating func parseAction(_ node: Node) -> Action? {
        let at = reader.location(node)
        if case .scalar(let scalar) = node, let kind = Self.bareActions[scalar.string] {
            return Action(kind, at: at)
        }
        guard let pairs = reader.mapping(node, "an action") else { return nil }
        guard pairs.count == 1, let (key, keyNode, value) = pairs.first else {
            reader.error("an action has exactly one key, such as '- tag: vip'; put each action in its own '- ' item", node)
            return nil
        }
        func make(_ kind: Action.Kind?) -> Action? { kind.map { Action($0, at: at) } }
        switch key {
        case "assign":
            return make(assignTarget(value).map { .assign($0) })
        case "unassign", "close", "reopen", "opt_out", "opt_in":
            if !YAMLReader.isNull(value), reader.bool(value, key) != true {
                reader.error("write '\(key): true' (or just '- \(key)')", value)
                return nil
            }
            return make(Self.bareActions[key])
        case "assign_team":
            return make(reader.nonEmptyText(value, "assign_team").map { .assignTeam($0) })
        case "tag":
            return make(reader.textList(value, "tag").map { .tag($0) })
        case "untag":
            return make(reader.textList(value, "untag").map { .untag($0) })
        case "send_text":
            if case .mapping = value { return make(textWithFallback(value)) }
            return make(template(value, "send_text").map { .sendText($0) })
        case "send_template":
            return make(whatsAppTemplate(value).map { .sendTemplate($0) })
        case "create_conversation":
            return make(newConversation(value).map { .createConversation($0) })
        case "run_flow":
            return make(flowRun(value).map { .runFlow($0) })
        case "call":
            return make(endpointCall(value).map { .call($0) })
        case "set_contact_property":
            return make(contactProperties(value).map { .setContactProperties($0) })
        default:
            let hint = Suggestion.hint(for: key, among: Action.keywords)
            reader.error("unknown action '\(key)'\(hint) (actions: \(Action.keywords.joined(separator: ", ")))", keyNode)
            return nil
        }
    }

    /// `send_text: { text: …, fallback_template: { name: …, language: … } }`: the template goes
    /// instead when WhatsApp's 24-hour window has closed.
    private mutating func textWithFallback(_ node: Node) -> Action.Kind? {
        guard let pairs = reader.mapping(node, "send_text"), reader.checkKeys(pairs, allowed: ["text", "fallback_template"], in: "send_text") else {
            return nil
        }
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let textNode = fields["text"], let fallbackNode = fields["fallback_template"] else {
            reader.error("send_text as a mapping takes 'text' and 'fallback_template' (the template sent when the 24-hour window has closed); "
                         + "for text alone write 'send_text: \"…\"'", node)
            return nil
        }
        guard let text = template(textNode, "send_text.text"), let fallback = whatsAppTemplate(fallbackNode) else { return nil }
        return .sendTextOrTemplate(text, fallback: fallback)
    }

    /// `call: slack`, or `call: { endpoint: crm, body: { phone: "{{contact.phone}}", … } }`.
    private mutating func endpointCall(_ node: Node) -> EndpointCall? {
        func name(_ node: Node) -> String? {
            guard let text = reader.nonEmptyText(node, "call.endpoint") else { return nil }
            guard EndpointCall.isName(text) else {
                reader.error("call names an endpoint of the configuration (letters, digits, '-', '_'), never a URL: '\(text.excerpt(60))'", node)
                return nil
            }
            return text
        }
        guard case .mapping = node else { return name(node).map { EndpointCall(endpoint: $0) } }
        guard let pairs = reader.mapping(node, "call"), reader.checkKeys(pairs, allowed: ["endpoint", "body"], in: "call") else { return nil }
        guard let endpointNode = pairs.first(where: { $0.key == "endpoint" })?.value, let endpoint = name(endpointNode) else {
            if !pairs.contains(where: { $0.key == "endpoint" }) { reader.error("call needs 'endpoint', the name of one under 'endpoints:' in inboxbot.yaml", node) }
            return nil
        }
        guard let bodyNode = pairs.first(where: { $0.key == "body" })?.value else { return EndpointCall(endpoint: endpoint) }
        return callBody(bodyNode).map { EndpointCall(endpoint: endpoint, body: $0) }
    }

    /// A JSON value from YAML: quoted and other text is a template; plain numbers, true,
    /// false and null are sent as JSON.
    private mutating func callBody(_ node: Node) -> EndpointCall.Body? {
        guard reader.visit(node) else { return nil }
        switch node {
        case .mapping:
            guard let pairs = reader.mapping(node, "call.body") else { return nil }
            var fields: [EndpointCall.Field] = []
            for (key, _, value) in pairs {
                guard let body = callBody(value) else { return nil }
                fields.append(EndpointCall.Field(name: key, value: body))
            }
            return .object(fields)
        case .sequence(let items):
            var values: [EndpointCall.Body] = []
            for item in items {
                guard let body = callBody(item) else { return nil }
                values.append(body)
            }
            return .array(values)
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch scalar.string {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "null", "~": return .literal(.null)
                default:
                    if let number = Double(scalar.string), number.isFinite, scalar.string.first.map({ $0.isNumber || $0 == "-" }) == true {
                        return .literal(.number(number))
                    }
                }
            }
            return reader.parsed(TextTemplate.parse(scalar.string), node).map { .text($0) }
        default:
            reader.error("call.body takes a mapping, a list or a value, not \(YAMLReader.kindName(node))", node)
            return nil
        }
    }

    /// `set_contact_property: { csat: "{{message.body}}", language: ar }`: property names as
    /// the platform knows them, each with its templated value.
    private mutating func contactProperties(_ node: Node) -> [ContactPropertyValue]? {
        guard case .mapping = node, let pairs = reader.mapping(node, "set_contact_property"), !pairs.isEmpty else {
            reader.error("set_contact_property takes a mapping of property names to values, such as 'set_contact_property: { language: ar }'", node)
            return nil
        }
        var properties: [ContactPropertyValue] = []
        for (name, _, value) in pairs {
            guard let text = template(value, "set_contact_property.\(name)") else { return nil }
            properties.append(ContactPropertyValue(name: name, value: text))
        }
        return properties
    }

    /// Text with `{{placeholders}}`; a placeholder error points at its own column.
    mutating func template(_ node: Node, _ what: String) -> TextTemplate? {
        guard let text = reader.text(node, what) else { return nil }
        guard let parsed = reader.parsed(TextTemplate.parse(text), node) else { return nil }
        if parsed.isBlank {
            reader.error("\(what) is empty; an empty parameter is never sent", node)
            return nil
        }
        return parsed
    }

    private mutating func assignTarget(_ node: Node) -> AssignTarget? {
        if case .mapping = node {
            guard let pairs = reader.mapping(node, "assign"), reader.checkKeys(pairs, allowed: ["round_robin", "least_busy", "fallback", "user"], in: "assign")
            else { return nil }
            let strategies = pairs.filter { $0.key == "round_robin" || $0.key == "least_busy" }
            if let user = pairs.first(where: { $0.key == "user" }), pairs.count == 1 { return template(user.value, "assign.user").map { .user($0) } }
            guard strategies.count == 1, let (key, _, value) = strategies.first else {
                reader.error("assign takes a user, 'none', '{ round_robin: [users] }' or '{ least_busy: [users] }', with an optional 'fallback'", node)
                return nil
            }
            guard let members = reader.textList(value, "assign.\(key)") else { return nil }
            var fallback: String?
            if let node = pairs.first(where: { $0.key == "fallback" })?.value {
                guard let user = reader.nonEmptyText(node, "assign.fallback") else { return nil }
                fallback = user
            }
            return .pool(AssignmentPool(members: members, strategy: key == "least_busy" ? .leastBusy : .roundRobin, fallback: fallback))
        }
        guard let text = reader.nonEmptyText(node, "assign") else { return nil }
        if text.lowercased() == "none" { return .unassign }
        return template(node, "assign").map { .user($0) }
    }

    private mutating func whatsAppTemplate(_ node: Node) -> WhatsAppTemplate? {
        guard let pairs = reader.mapping(node, "send_template"),
              reader.checkKeys(pairs, allowed: Self.templateKeys, in: "send_template")
        else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let nameNode = value["name"], let languageNode = value["language"] else {
            reader.error("send_template needs 'name' and 'language', as in '{ name: order_update, language: ar }'", node)
            return nil
        }
        guard let name = reader.nonEmptyText(nameNode, "send_template.name"),
              let language = reader.nonEmptyText(languageNode, "send_template.language")
        else { return nil }
        guard language.count >= 2, language.count <= 8, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_" || $0 == "-") }) else {
            reader.error("send_template.language '\(language)' is not a language code such as ar, en or en_US", languageNode)
            return nil
        }
        var result = WhatsAppTemplate(name: name, language: language)
        if let bodyNode = value["body"] {
            let items: [Node] = if case .sequence(let sequence) = bodyNode { Array(sequence) } else { [bodyNode] }
            for item in items {
                guard let parameter = template(item, "a body parameter") else { return nil }
                result.body.append(parameter)
            }
        }
        if let headerNode = value["header"] {
            guard let header = templateHeader(headerNode) else { return nil }
            result.header = header
        }
        if let buttonsNode = value["buttons"] {
            guard case .sequence(let items) = buttonsNode else {
                reader.error("buttons must be a list, as in '- { index: 0, url: \"{{conversation.id}}\" }'", buttonsNode)
                return nil
            }
            for item in items {
                guard let button = templateButton(item) else { return nil }
                if result.buttons.contains(where: { $0.index == button.index }) {
                    reader.error("two buttons have index \(button.index); each dynamic button has its own index", item)
                    return nil
                }
                result.buttons.append(button)
            }
        }
        return result
    }

    private mutating func templateHeader(_ node: Node) -> TemplateHeader? {
        guard let pairs = reader.mapping(node, "header"), reader.checkKeys(pairs, allowed: Self.headerKeys, in: "header") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let kinds = ["text", "image", "video", "document"].filter { value[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let content = value[kind] else {
            reader.error("header takes exactly one of text, image, video or document", node)
            return nil
        }
        if value["filename"] != nil, kind != "document" {
            reader.error("filename goes only with a document header", node)
            return nil
        }
        guard let text = template(content, "header.\(kind)") else { return nil }
        switch kind {
        case "text": return .text(text)
        case "image": return .image(text)
        case "video": return .video(text)
        default:
            var filename: TextTemplate?
            if let filenameNode = value["filename"] {
                guard let parsed = template(filenameNode, "header.filename") else { return nil }
                filename = parsed
            }
            return .document(text, filename: filename)
        }
    }

    private mutating func templateButton(_ node: Node) -> TemplateButton? {
        guard let pairs = reader.mapping(node, "a button"), reader.checkKeys(pairs, allowed: Self.buttonKeys, in: "a button") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let indexNode = value["index"], let index = reader.integer(indexNode, "button index") else {
            reader.error("a button needs 'index', its position in the template (0, 1 or 2)", node)
            return nil
        }
        guard (0...9).contains(index) else {
            reader.error("button index \(index) is out of range; it is the button's position, from 0", indexNode)
            return nil
        }
        let kinds: [(String, TemplateButton.Kind)] = [("url", .url), ("quick_reply", .quickReply)]
        let present = kinds.filter { value[$0.0] != nil }
        guard present.count == 1, let (key, kind) = present.first, let content = value[key] else {
            reader.error("a button takes exactly one of url (the dynamic URL suffix) or quick_reply (the payload)", node)
            return nil
        }
        return template(content, "button \(key)").map { TemplateButton(index: index, kind: kind, value: $0) }
    }

    private mutating func newConversation(_ node: Node) -> NewConversation? {
        guard let pairs = reader.mapping(node, "create_conversation"),
              reader.checkKeys(pairs, allowed: Self.newConversationKeys, in: "create_conversation")
        else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let channelNode = value["channel"], let phoneNode = value["phone"] else {
            reader.error("create_conversation needs 'channel' and 'phone'", node)
            return nil
        }
        guard let channel = reader.nonEmptyText(channelNode, "create_conversation.channel"),
              let phone = template(phoneNode, "create_conversation.phone")
        else { return nil }
        var result = NewConversation(channel: channel, phone: phone)
        if let nameNode = value["contact_name"] {
            guard let name = template(nameNode, "create_conversation.contact_name") else { return nil }
            result.contactName = name
        }
        if let assigneeNode = value["assignee"] {
            guard let assignee = reader.nonEmptyText(assigneeNode, "create_conversation.assignee") else { return nil }
            result.assignee = assignee
        }
        if let textNode = value["text"] {
            guard let text = template(textNode, "create_conversation.text") else { return nil }
            result.text = text
        }
        return result
    }

    /// `run_flow: FLOW_ID`, or `{flow, variables, priority}`.
    private mutating func flowRun(_ node: Node) -> FlowRun? {
        if case .scalar = node {
            return reader.nonEmptyText(node, "run_flow").map { FlowRun(flow: $0) }
        }
        guard let pairs = reader.mapping(node, "run_flow"), reader.checkKeys(pairs, allowed: Self.flowRunKeys, in: "run_flow") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let flowNode = value["flow"] else {
            reader.error("run_flow needs 'flow', the flow's id (in Hilos: the flow's page address ends with it)", node)
            return nil
        }
        guard let flow = reader.nonEmptyText(flowNode, "run_flow.flow") else { return nil }
        var run = FlowRun(flow: flow)
        if let variablesNode = value["variables"] {
            guard let variables = reader.mapping(variablesNode, "run_flow.variables") else { return nil }
            for (name, _, valueNode) in variables {
                guard let text = template(valueNode, "run_flow.variables.\(name)") else { return nil }
                run.variables.append(FlowRun.Variable(name: name, value: text))
            }
        }
        if let priorityNode = value["priority"] {
            guard let priority = reader.bool(priorityNode, "run_flow.priority") else { return nil }
            run.priority = priority
        }
        return run
    }
}
