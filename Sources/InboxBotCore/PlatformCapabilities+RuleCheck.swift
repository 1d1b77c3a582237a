/// Rules checked against what a platform can do.
extension PlatformCapabilities {
    /// An error, at its place, for every action the platform cannot carry out, every trigger
    /// it never produces, and every condition that can never hold on it; a warning for every
    /// condition that sees only part of what it asks about there. A rule whose conditions keep
    /// it to other platforms (`platform: hatif`) is not checked.
    public func problems(in ruleSet: RuleSet) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for rule in ruleSet.rules where appliesHere(rule.condition) {
            let events = rule.triggers.compactMap { trigger -> (EventPattern, SourceLocation?)? in
                if case .event(let pattern, let location) = trigger { (pattern, location) } else { nil }
            }
            for (pattern, location) in events where pattern.types.isDisjoint(with: eventTypes) {
                problems.append(.error("rule '\(rule.id)': \(title) produces no \(pattern.text) events, so it can never run there; "
                    + "remove the trigger, or keep the rule to other platforms with 'platform:' in its conditions", at: location ?? rule.location))
            }
            if let messagesUnseen {
                for case .timer(let timer, let location) in rule.triggers where timer.kind == .idle || timer.kind == .customerSilent {
                    problems.append(.error("rule '\(rule.id)': the wait '\(timer.kind.keyword)' cannot be timed on \(title): \(messagesUnseen); "
                        + "use since_created, since_assigned, unassigned_for or status_held", at: location ?? rule.location))
                }
            }
            for action in rule.actions {
                if let reason = unsupportedActions[action.kind.keyword] {
                    problems.append(.error("rule '\(rule.id)': \(action.kind.keyword) cannot be done on \(title): \(reason)", at: action.location ?? rule.location))
                } else if case .sendTextOrTemplate = action.kind, let reason = unsupportedActions["send_template"] {
                    problems.append(.error("rule '\(rule.id)': a fallback_template cannot be sent on \(title): \(reason)", at: action.location ?? rule.location))
                } else if opensConversationsByTexting, case .createConversation(let new) = action.kind, new.text == nil {
                    problems.append(.error("rule '\(rule.id)': create_conversation on \(title) needs a 'text': \(title) opens a conversation only by texting the number",
                                           at: action.location ?? rule.location))
                }
            }
            check(rule.condition, rule: rule, negated: false, into: &problems)
        }
        return problems
    }

    /// False when the condition, as a whole, requires a platform other than this one.
    func appliesHere(_ condition: Condition) -> Bool {
        switch condition.kind {
        case .platform(let names): names.contains { $0.caseInsensitiveCompare(name) == .orderedSame }
        case .all(let children): children.allSatisfy(appliesHere)
        default: true
        }
    }

    /// Conditions that cannot be told at all on some platforms, negated or not.
    static func meaningless(_ kind: Condition.Kind) -> Bool {
        if case .serviceWindow = kind { true } else { false }
    }

    /// Leaves that can never hold here. Under a `not`, "never holds" becomes "always holds",
    /// which is no error, so negated leaves are passed over.
    private func check(_ condition: Condition, rule: Rule, negated: Bool, into problems: inout [Diagnostic]) {
        func never(_ reason: String) {
            problems.append(.error("rule '\(rule.id)': this condition can never hold on \(title): \(reason)", at: condition.location ?? rule.location))
        }
        switch condition.kind {
        case .all(let children), .any(let children):
            for child in children { check(child, rule: rule, negated: negated, into: &problems) }
        case .not(let child):
            check(child, rule: rule, negated: !negated, into: &problems)
        case _ where negated && !Self.meaningless(condition.kind):
            return
        case .status(let wanted) where wanted.isDisjoint(with: statuses):
            let known = ConversationStatus.allCases.filter(statuses.contains).map(\.rawValue).joined(separator: ", ")
            never("its conversations are only \(known)")
        case .tags(let test) where !hasTags && (!test.required.isEmpty || !test.anyOf.isEmpty || test.isEmpty == false):
            never("it has no tags")
        case .platformStatus(let wanted):
            let known = platformStatuses.map(\.name)
            let missing = wanted.filter { name in !known.contains { TextFolding.key($0) == TextFolding.key(name) } }
            guard missing.count == wanted.count, let first = missing.first else { return }
            never("it has no status '\(first)'\(Suggestion.hint(for: first, among: known)) (its statuses: \(known.joined(separator: ", ")))")
        case .callStatus, .callDuration:
            if !eventTypes.contains(where: \.carriesCall) { never("it has no calls") }
        case .event(let patterns) where patterns.allSatisfy({ $0.types.isDisjoint(with: eventTypes) }):
            never("it produces no \(patterns.map(\.text).joined(separator: " or ")) events")
        case .elapsed(let reference, _) where messagesUnseen != nil && (reference == .lastInbound || reference == .lastOutbound):
            never("\(messagesUnseen ?? ""), so the \(reference.phrase) is unknown")
        case .body, .messageType:
            if let messagesUnseen {
                problems.append(.warning("rule '\(rule.id)': on \(title) this condition sees only some messages: \(messagesUnseen)",
                                         at: condition.location ?? rule.location))
            }
        case .serviceWindow:
            let reason = !hasServiceWindow ? "it is not WhatsApp Business and has no 24-hour window"
                : messagesUnseen.map { "\($0), so when the customer last wrote is unknown" }
            if let reason {
                problems.append(.error("rule '\(rule.id)': whatsapp_window cannot be told on \(title): \(reason)", at: condition.location ?? rule.location))
            }
        case .unread where messagesUnseen != nil:
            problems.append(.warning("rule '\(rule.id)': on \(title) the unread count is only 1 (not answered yet) or 0: \(messagesUnseen ?? "")",
                                     at: condition.location ?? rule.location))
        default:
            return
        }
    }
}
