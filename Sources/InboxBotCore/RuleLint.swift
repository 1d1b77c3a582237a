/// Warnings about rules that are valid but almost certainly not what the author meant.
enum RuleLint {
    static func check(_ rule: Rule, into diagnostics: inout [Diagnostic]) {
        let triggerTypes = rule.triggers.reduce(into: Set<EventType>()) { types, trigger in
            if case .event(let pattern, _) = trigger { types.formUnion(pattern.types) }
        }
        let hasTimer = rule.triggers.contains { if case .timer = $0 { true } else { false } }
        checkConjunction([rule.condition], rule: rule, triggerTypes: hasTimer ? nil : triggerTypes, into: &diagnostics)
        checkActions(rule, into: &diagnostics)
        if rule.policy.once, rule.policy.cooldown != nil {
            diagnostics.append(.warning("rule '\(rule.id)' has both once and cooldown; cooldown has no effect when once is true", at: rule.location))
        }
        if rule.policy.shadow, rule.policy.stop {
            diagnostics.append(.warning("rule '\(rule.id)' is in shadow mode, so stop has no effect: shadow rules never change what other rules do", at: rule.location))
        }
    }

    /// Looks for tests, all of which must hold together, that cannot.
    /// `triggerTypes` is nil when a timer can trigger the rule, since any state is possible then.
    private static func checkConjunction(_ conditions: [Condition], rule: Rule, triggerTypes: Set<EventType>?, into diagnostics: inout [Diagnostic]) {
        var leaves: [Condition] = []
        func flatten(_ condition: Condition) {
            if case .all(let children) = condition.kind { children.forEach(flatten) } else { leaves.append(condition) }
        }
        conditions.forEach(flatten)

        func warn(_ reason: String, _ condition: Condition) {
            diagnostics.append(.warning("rule '\(rule.id)' can never match: \(reason)", at: condition.location ?? rule.location))
        }

        var statuses: Set<ConversationStatus>?
        var directions: Set<Direction>?
        var eventTypes = triggerTypes
        var required = Set<String>(), excluded = Set<String>()
        var tagsEmpty: Bool?
        var assigneeNone = false, assigneeSome = false
        var unread: Comparison = Comparison([])
        var within = Set<String>(), outside = Set<String>()
        var needsMessage: Condition?, needsCall: Condition?

        for leaf in leaves {
            switch leaf.kind {
            case .any(let children):
                if children.isEmpty { warn("'any' with no conditions never holds", leaf) }
                for child in children { checkConjunction([child], rule: rule, triggerTypes: triggerTypes, into: &diagnostics) }
            case .not(let child):
                if case .all(let inner) = child.kind, inner.isEmpty { warn("'not' of nothing never holds", leaf) }
                checkConjunction([child], rule: rule, triggerTypes: nil, into: &diagnostics)
            case .status(let set):
                statuses = (statuses ?? set).intersection(set)
                if statuses?.isEmpty == true { warn("status cannot be two things at once", leaf) }
            case .direction(let set):
                directions = (directions ?? set).intersection(set)
                if directions?.isEmpty == true { warn("direction cannot be two things at once", leaf) }
            case .event(let patterns):
                let types = patterns.reduce(into: Set<EventType>()) { $0.formUnion($1.types) }
                let before = eventTypes
                eventTypes = (eventTypes ?? types).intersection(types)
                if eventTypes?.isEmpty == true, before?.isEmpty == false {
                    warn("the event condition excludes every event type in 'on'", leaf)
                }
            case .tags(let test):
                required.formUnion(test.required.map(TextFolding.foldedString))
                excluded.formUnion(test.noneOf.map(TextFolding.foldedString))
                if let empty = test.isEmpty {
                    if tagsEmpty == !empty { warn("tags cannot be empty and not empty at once", leaf) }
                    tagsEmpty = empty
                }
                if let clash = required.intersection(excluded).sorted().first {
                    warn("tag '\(clash)' is both required and excluded", leaf)
                    excluded.remove(clash)
                }
                if tagsEmpty == true, !required.isEmpty || !test.anyOf.isEmpty {
                    warn("tags are required to be empty and to include a tag", leaf)
                }
            case .assignee(.none):
                if assigneeSome { warn("assignee cannot be none and someone at once", leaf) }
                assigneeNone = true
            case .assignee:
                if assigneeNone { warn("assignee cannot be none and someone at once", leaf) }
                assigneeSome = true
            case .unread(let comparison):
                unread.bounds += comparison.bounds
                if unread.acceptedRange == nil || (unread.acceptedRange?.upperBound ?? 0) < 0 {
                    warn("no unread count passes these comparisons", leaf)
                    unread = Comparison([])
                }
            case .within(let name):
                if outside.contains(name) { warn("it cannot be within and outside \(name) at once", leaf) }
                within.insert(name)
            case .outside(let name):
                if within.contains(name) { warn("it cannot be within and outside \(name) at once", leaf) }
                outside.insert(name)
            case .body, .messageType, .deliveryStatus:
                needsMessage = needsMessage ?? leaf
            case .callStatus, .callDuration:
                needsCall = needsCall ?? leaf
            default:
                break
            }
        }
        if let types = eventTypes, !types.isEmpty {
            if let leaf = needsMessage, !types.contains(where: \.carriesMessage) {
                warn("'\(leaf.kind.summary)' needs a message, but the rule is triggered only by events without one", leaf)
            }
            if let leaf = needsCall, !types.contains(where: \.carriesCall) {
                warn("'\(leaf.kind.summary)' needs a call, but the rule is triggered only by events without one", leaf)
            }
        }
    }

    /// Fields that every event reaching the rule's actions has: those its top-level
    /// conditions test for presence, and those its triggers imply.
    static func guaranteedFields(_ rule: Rule) -> Set<EventField> {
        var fields = Set<EventField>()
        var leaves: [Condition] = []
        func flatten(_ condition: Condition) {
            if case .all(let children) = condition.kind { children.forEach(flatten) } else { leaves.append(condition) }
        }
        flatten(rule.condition)
        func requiresPresence(_ test: TextTest) -> Bool {
            test.operations.contains { if case .isSet(false) = $0 { false } else { true } }
        }
        for leaf in leaves {
            switch leaf.kind {
            case .contactName(let test) where requiresPresence(test): fields.formUnion([.contactName, .contactFirstName])
            case .contactPhone(let test) where requiresPresence(test): fields.insert(.contactPhone)
            case .contactProperty(let name, let test) where requiresPresence(test): fields.insert(.contactProperty(name))
            case .body(let test) where requiresPresence(test): fields.insert(.messageBody)
            case .assignee(.any), .assignee(.oneOf): fields.insert(.conversationAssignee)
            case .platform: fields.insert(.conversationPlatform)
            case .platformStatus: fields.insert(.conversationPlatformStatus)
            case .tags(let test) where !test.required.isEmpty || !test.anyOf.isEmpty || test.isEmpty == false:
                fields.insert(.conversationTags)
            default: break
            }
        }
        let triggerTypes = rule.triggers.compactMap { trigger -> Set<EventType>? in
            if case .event(let pattern, _) = trigger { return pattern.types }
            return nil
        }
        if triggerTypes.count == rule.triggers.count, !triggerTypes.isEmpty {
            let types = triggerTypes.reduce(Set<EventType>()) { $0.union($1) }
            if types.allSatisfy(\.carriesMessage) { fields.insert(.messageType) }
            if types.allSatisfy(\.carriesCall) { fields.formUnion([.callStatus, .callDurationSeconds]) }
        }
        return fields
    }

    private static func checkActions(_ rule: Rule, into diagnostics: inout [Diagnostic]) {
        let guaranteed = guaranteedFields(rule)
        var added: [String: Action] = [:], removed: [String: Action] = [:]
        var assignment: Action?
        for action in rule.actions {
            switch action.kind {
            case .tag(let tags):
                for tag in tags {
                    if removed[TextFolding.foldedString(tag)] != nil {
                        diagnostics.append(.warning("rule '\(rule.id)' both tags and untags '\(tag)'; the later action undoes the earlier", at: action.location))
                    }
                    added[TextFolding.foldedString(tag)] = action
                }
            case .untag(let tags):
                for tag in tags where added[TextFolding.foldedString(tag)] != nil {
                    diagnostics.append(.warning("rule '\(rule.id)' both tags and untags '\(tag)'; the later action undoes the earlier", at: action.location))
                }
                for tag in tags { removed[TextFolding.foldedString(tag)] = action }
            case .assign:
                if let earlier = assignment {
                    diagnostics.append(.warning(
                        "rule '\(rule.id)' changes the assignee twice (\(earlier.kind.keyword), then \(action.kind.keyword)); only the last one sticks",
                        at: action.location))
                }
                assignment = action
            default:
                break
            }
            for template in action.templates {
                for (field, _) in template.fieldsThatMayBeMissing where !guaranteed.contains(field) {
                    diagnostics.append(.warning(
                        "{{\(field)}} can be empty on some events, and the action is then not carried out; give a fallback: {{\(field) | …}}",
                        at: action.location))
                }
            }
        }
    }
}
