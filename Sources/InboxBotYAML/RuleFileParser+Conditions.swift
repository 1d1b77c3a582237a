import InboxBotCore
import Yams

extension RuleFileParser {
    static let conditionKeys = [
        "all", "any", "not", "event", "platform", "platform_status", "status", "tags", "direction", "unread", "channel", "assignee",
        "message_type", "body", "delivery_status", "call_status", "call_duration", "contact", "contact.name",
        "contact.phone", "contact.properties.NAME", "since_last_inbound", "since_last_outbound", "age",
        "since_assigned", "within", "outside", "contact.opted_out", "whatsapp_window",
    ]
    static let tagKeys = ["includes", "any_of", "all_of", "none_of", "empty"]

    /// A condition: a mapping (every key must hold) or a list (every item must hold).
    mutating func parseCondition(_ node: Node) -> Condition? {
        guard reader.visit(node) else { return nil }
        let location = reader.location(node)
        switch node {
        case .sequence(let items):
            var children: [Condition] = []
            for item in items {
                guard let child = parseCondition(item) else { return nil }
                children.append(child)
            }
            return Condition(.all(children), at: location)
        case .mapping:
            guard let pairs = reader.mapping(node, "a condition") else { return nil }
            if pairs.isEmpty {
                reader.error("an empty condition; write a test such as 'status: open'", node)
                return nil
            }
            var children: [Condition] = []
            var failed = false
            for (key, keyNode, value) in pairs {
                if let child = parseLeaf(key, keyNode: keyNode, value: value) { children.append(child) } else { failed = true }
            }
            guard !failed else { return nil }
            return children.count == 1 ? children[0] : Condition(.all(children), at: location)
        default:
            reader.error("a condition must be a mapping such as 'status: open', or a list of them, not \(YAMLReader.kindName(node))", node)
            return nil
        }
    }

    private mutating func parseLeaf(_ key: String, keyNode: Node, value: Node) -> Condition? {
        let at = reader.location(keyNode)
        func make(_ kind: Condition.Kind?) -> Condition? { kind.map { Condition($0, at: at) } }

        if key.hasPrefix("contact.properties."), key.count > "contact.properties.".count {
            let name = String(key.dropFirst("contact.properties.".count))
            return make(textTest(value, key, scalarMeans: .equals).map { .contactProperty(name: name, $0) })
        }
        switch key {
        case "all", "any":
            let items: [Node]
            switch value {
            case .sequence(let sequence): items = Array(sequence)
            case .mapping(let mapping): items = mapping.map { Node.mapping(Node.Mapping([($0.key, $0.value)], .implicit, .block, $0.key.mark)) }
            default:
                reader.error("'\(key)' takes a list of conditions, not \(YAMLReader.kindName(value))", value)
                return nil
            }
            var children: [Condition] = []
            for item in items {
                guard let child = parseCondition(item) else { return nil }
                children.append(child)
            }
            return make(key == "all" ? .all(children) : .any(children))
        case "not":
            return make(parseCondition(value).map { .not($0) })
        case "event":
            guard let texts = reader.textList(value, "event") else { return nil }
            var patterns: [EventPattern] = []
            for text in texts {
                guard let pattern = reader.parsed(EventPattern.parse(text), value) else { return nil }
                patterns.append(pattern)
            }
            return make(.event(patterns))
        case "platform":
            return make(reader.textList(value, "platform").map { .platform($0) })
        case "platform_status":
            return make(reader.textList(value, "platform_status").map { .platformStatus($0) })
        case "status":
            return make(reader.enumSet(value, "status", as: ConversationStatus.self).map { .status($0) })
        case "tags":
            return make(tagTest(value).map { .tags($0) })
        case "direction":
            return make(reader.enumSet(value, "direction", as: Direction.self).map { .direction($0) })
        case "unread":
            return make(comparison(value, "unread", unit: .count).map { .unread($0) })
        case "channel":
            return make(reader.textList(value, "channel").map { .channel($0) })
        case "assignee":
            return make(assigneeTest(value).map { .assignee($0) })
        case "message_type":
            return make(reader.enumSet(value, "message_type", as: MessageType.self).map { .messageType($0) })
        case "body":
            return make(textTest(value, "body", scalarMeans: nil).map { .body($0) })
        case "delivery_status":
            return make(reader.enumSet(value, "delivery_status", as: DeliveryStatus.self).map { .deliveryStatus($0) })
        case "call_status":
            return make(reader.enumSet(value, "call_status", as: CallStatus.self).map { .callStatus($0) })
        case "call_duration":
            return make(comparison(value, "call_duration", unit: .duration).map { .callDuration($0) })
        case "contact":
            return parseContact(value, at: at)
        case "contact.name":
            return make(textTest(value, key, scalarMeans: .equals).map { .contactName($0) })
        case "contact.phone":
            return make(textTest(value, key, scalarMeans: .equals).map { .contactPhone($0) })
        case "since_last_inbound", "since_last_outbound", "age", "since_assigned":
            guard let reference = TimeReference(rawValue: key) else { return nil }
            if case .scalar = value, value.string?.lowercased() == "never" {
                return make(.elapsed(reference, .never))
            }
            return make(comparison(value, key, unit: .duration).map { .elapsed(reference, .compare($0)) })
        case "contact.opted_out":
            return make(reader.bool(value, key).map { .optedOut($0) })
        case "whatsapp_window":
            guard let text = reader.nonEmptyText(value, key), ["open", "closed"].contains(text.lowercased()) else {
                reader.error("whatsapp_window is 'open' or 'closed'", value)
                return nil
            }
            return make(.serviceWindow(open: text.lowercased() == "open"))
        case "within":
            return make(reader.nonEmptyText(value, "within").map { .within(calendar: $0) })
        case "outside":
            return make(reader.nonEmptyText(value, "outside").map { .outside(calendar: $0) })
        default:
            let hint = Suggestion.hint(for: key, among: Self.conditionKeys)
            reader.error("unknown condition '\(key)'\(hint.isEmpty ? "; see docs/rules.md for the list of conditions" : hint)", keyNode)
            return nil
        }
    }

    /// `contact: { name: …, phone: …, properties: { tier: gold } }`, the nested spelling of the dotted keys.
    private mutating func parseContact(_ node: Node, at location: SourceLocation?) -> Condition? {
        guard let pairs = reader.mapping(node, "contact"), reader.checkKeys(pairs, allowed: ["name", "phone", "properties", "opted_out"], in: "contact") else {
            return nil
        }
        var children: [Condition] = []
        for (key, keyNode, value) in pairs {
            let at = reader.location(keyNode)
            switch key {
            case "name":
                guard let test = textTest(value, "contact.name", scalarMeans: .equals) else { return nil }
                children.append(Condition(.contactName(test), at: at))
            case "phone":
                guard let test = textTest(value, "contact.phone", scalarMeans: .equals) else { return nil }
                children.append(Condition(.contactPhone(test), at: at))
            case "opted_out":
                guard let optedOut = reader.bool(value, "contact.opted_out") else { return nil }
                children.append(Condition(.optedOut(optedOut), at: at))
            default:
                guard let properties = reader.mapping(value, "contact properties") else { return nil }
                for (name, propertyKey, propertyValue) in properties {
                    guard let test = textTest(propertyValue, "contact.properties.\(name)", scalarMeans: .equals) else { return nil }
                    children.append(Condition(.contactProperty(name: name, test), at: reader.location(propertyKey)))
                }
            }
        }
        return children.count == 1 ? children[0] : Condition(.all(children), at: location)
    }

    private mutating func tagTest(_ node: Node) -> TagTest? {
        if case .mapping = node {
            guard let pairs = reader.mapping(node, "tags"), reader.checkKeys(pairs, allowed: Self.tagKeys, in: "tags") else { return nil }
            var test = TagTest()
            for (key, _, value) in pairs {
                if key == "empty" {
                    guard let empty = reader.bool(value, "tags.empty") else { return nil }
                    test.isEmpty = empty
                    continue
                }
                guard let tags = reader.textList(value, "tags.\(key)") else { return nil }
                switch key {
                case "includes": test.includes = tags
                case "any_of": test.anyOf = tags
                case "all_of": test.allOf = tags
                default: test.noneOf = tags
                }
            }
            if pairs.isEmpty {
                reader.error("tags needs a test: includes, any_of, all_of, none_of or empty", node)
                return nil
            }
            return test
        }
        // `tags: vip` and `tags: [vip, gold]` mean the conversation has every one of them.
        return reader.textList(node, "tags").map { TagTest(includes: $0) }
    }

    private mutating func assigneeTest(_ node: Node) -> AssigneeTest? {
        guard let users = reader.textList(node, "assignee") else { return nil }
        if users.count == 1 {
            switch users[0].lowercased() {
            case "none": return AssigneeTest.none
            case "any": return .any
            default: break
            }
        }
        if users.contains(where: { ["none", "any"].contains($0.lowercased()) }) {
            reader.error("'none' and 'any' stand alone; to mean \"unassigned or one of these users\" use 'any:' with two conditions", node)
            return nil
        }
        return .oneOf(users)
    }

    enum ComparisonUnit { case count, duration }

    private mutating func comparison(_ node: Node, _ what: String, unit: ComparisonUnit) -> Comparison? {
        let parseValue: (String) -> Result<Int, RuleValueError> = { text in
            switch unit {
            case .duration: return TimeSpan.parse(text).map(\.seconds)
            case .count:
                guard let number = Int(text), number >= 0 else {
                    return .failure(RuleValueError("'\(text)' is not a whole number of zero or more"))
                }
                return .success(number)
            }
        }
        let example = unit == .duration ? "{ more_than: 30m }" : "{ at_least: 3 }"
        switch node {
        case .scalar:
            guard let text = reader.nonEmptyText(node, what) else { return nil }
            return reader.parsed(Comparison.parseShortForm(text, value: parseValue), node)
        case .mapping:
            guard let pairs = reader.mapping(node, what) else { return nil }
            let allowed = Comparison.Operator.allCases.map(\.rawValue)
            guard reader.checkKeys(pairs, allowed: allowed, in: what) else { return nil }
            guard !pairs.isEmpty else {
                reader.error("\(what) needs a comparison, as in '\(what): \(example)'", node)
                return nil
            }
            var bounds: [(Comparison.Operator, Int)] = []
            for (key, _, value) in pairs {
                guard let op = Comparison.Operator(rawValue: key), let text = reader.nonEmptyText(value, "\(what).\(key)"),
                      let number = reader.parsed(parseValue(text), value)
                else { return nil }
                bounds.append((op, number))
            }
            return Comparison(bounds)
        default:
            reader.error("\(what) takes a comparison, as in '\(what): \(example)', not \(YAMLReader.kindName(node))", node)
            return nil
        }
    }

    enum ScalarMeaning { case equals }

    /// A text test. `scalarMeans` says what a bare value means; for a message body a bare
    /// value is refused, since "body: refund" could be read as equals or as contains.
    private mutating func textTest(_ node: Node, _ what: String, scalarMeans: ScalarMeaning?) -> TextTest? {
        switch node {
        case .scalar, .sequence:
            guard scalarMeans != nil else {
                reader.error("\(what) needs an operator, as in '\(what): { contains: refund }'; use contains, words, equals, starts_with, ends_with, matches or is_set", node)
                return nil
            }
            return reader.textList(node, what).map { TextTest([.equals($0)]) }
        case .mapping:
            guard let pairs = reader.mapping(node, what), reader.checkKeys(pairs, allowed: TextTest.keywords, in: what) else { return nil }
            guard !pairs.isEmpty else {
                reader.error("\(what) needs an operator such as contains", node)
                return nil
            }
            var operations: [TextTest.Operation] = []
            for (key, _, value) in pairs {
                switch key {
                case "is_set":
                    guard let expected = reader.bool(value, "\(what).is_set") else { return nil }
                    operations.append(.isSet(expected))
                case "matches":
                    guard let pattern = reader.nonEmptyText(value, "\(what).matches") else { return nil }
                    operations.append(.matches(pattern, location: reader.location(value)))
                case "script":
                    guard let names = reader.textList(value, "\(what).script") else { return nil }
                    var scripts: [TextScript] = []
                    for name in names {
                        guard let script = TextScript(rawValue: name.lowercased()) else {
                            reader.error("\(what).script is arabic, latin or other, not '\(name)'"
                                         + Suggestion.hint(for: name.lowercased(), among: TextScript.allCases.map(\.rawValue)), value)
                            return nil
                        }
                        scripts.append(script)
                    }
                    operations.append(.script(scripts))
                default:
                    guard let values = reader.textList(value, "\(what).\(key)") else { return nil }
                    switch key {
                    case "equals": operations.append(.equals(values))
                    case "contains": operations.append(.contains(values))
                    case "contains_all": operations.append(.containsAll(values))
                    case "starts_with": operations.append(.startsWith(values))
                    case "words": operations.append(.words(values))
                    default: operations.append(.endsWith(values))
                    }
                }
            }
            return TextTest(operations)
        case .alias:
            reader.error("\(what) cannot be an alias", node)
            return nil
        }
    }
}
