import Foundation

extension CompiledRuleSet {
    /// What every rule, in order, made of the event: `evaluate` with its working shown.
    /// The rules that acted here are exactly the decisions `evaluate` returns for the
    /// same inputs (a test holds the two together); this one never short-circuits.
    public func explain(_ event: Event, at now: Date, history: some EvaluationHistory, fromBot: Bool = false) -> [RuleVerdict] {
        let input = EvaluationInput(event: event, now: now, program: program, history: history)
        var stoppedBy: String?
        var sendGuard = SendGuard()
        return rules.map { compiled in
            let rule = compiled.rule, policy = rule.policy
            let conditions = RuleExplainer(rule: compiled, input: input).trace()
            var actions = plannedActions(compiled, for: event)
            let outcome: RuleVerdict.Outcome
            if !policy.enabled {
                outcome = .disabled
            } else if !compiled.eventTypes.contains(event.type) {
                outcome = .notTriggered
            } else if let stoppedBy {
                outcome = .stopped(by: stoppedBy)
            } else if fromBot, !policy.ownMessages {
                outcome = .ownMessage
            } else if !conditions.held {
                outcome = .conditionsFailed
            } else if let reason = suppression(of: rule.id, policy, conversation: event.conversation, at: now, history: history) {
                outcome = .suppressed(reason)
            } else if policy.shadow {
                outcome = .shadow
            } else {
                outcome = .acted
                if policy.stop { stoppedBy = rule.id }
            }
            if outcome.decided {
                actions = sendGuard.check(actions, of: compiled, in: event.conversation, shadow: policy.shadow, now: now,
                                          ruleSet: self, history: history)
            }
            return RuleVerdict(ruleID: rule.id, outcome: outcome, conditions: conditions, actions: actions)
        }
    }
}
