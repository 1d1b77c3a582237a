import Foundation

extension CompiledRuleSet {
    /// Evaluates one event against the rules, at the time `now`, given when each rule
    /// last acted. Pure: the same inputs always give the same decisions.
    ///
    /// Rules run in file order. A rule that acts with `stop: true` ends the evaluation;
    /// shadow rules never stop it, since they must not change what happens.
    public func evaluate(_ event: Event, at now: Date, history: some FiringHistory) -> Evaluation {
        var context = EvaluationContext(event: event, now: now, tables: tables)
        var evaluation = Evaluation()
        for position in rulesByEventType[event.type.ordinal] {
            let compiled = rules[position]
            guard compiled.condition.holds(&context) else { continue }
            let rule = compiled.rule
            if let reason = suppression(of: rule, conversation: event.conversation.id, at: now, history: history) {
                evaluation.suppressed.append(Suppression(ruleID: rule.id, reason: reason))
                continue
            }
            evaluation.decisions.append(decision(compiled, for: event, at: now))
            if rule.policy.stop, !rule.policy.shadow { break }
        }
        return evaluation
    }

    func suppression(of rule: Rule, conversation: String, at now: Date, history: some FiringHistory) -> Suppression.Reason? {
        guard rule.policy.once || rule.policy.cooldown != nil,
              let last = history.lastFiring(rule: rule.id, conversation: conversation)
        else { return nil }
        if rule.policy.once { return .once(firedAt: last) }
        if let cooldown = rule.policy.cooldown {
            let until = last.addingTimeInterval(TimeInterval(cooldown.seconds))
            if now < until { return .cooldown(until: until) }
        }
        return nil
    }

    func decision(_ compiled: CompiledRule, for event: Event, at now: Date) -> Decision {
        let rule = compiled.rule
        let actions = rule.actions.enumerated().map { index, action in
            PlannedAction(index: index, result: action.render(for: event, ruleID: rule.id))
        }
        return Decision(
            ruleID: rule.id, ruleIndex: compiled.index, eventID: event.id, conversationID: event.conversation.id,
            shadow: rule.policy.shadow, actions: actions,
            explainer: RuleExplainer(rule: compiled, tables: tables, event: event, now: now))
    }
}
