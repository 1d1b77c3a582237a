import Foundation

extension CompiledRuleSet {
    /// What every rule, in order, made of the event: `evaluate` with its working shown.
    /// The rules that acted here are exactly the decisions `evaluate` returns for the
    /// same inputs (a test holds the two together); this one never short-circuits.
    public func explain(_ event: Event, at now: Date, history: some EvaluationHistory, fromBot: Bool = false) -> [RuleVerdict] {
        let input = EvaluationInput(event: event, now: now, ruleSet: self, history: history)
        var stoppedBy: String?
        var sendGuard = SendGuard()
        let waits = hasTimers ? timerChanges(after: event, fromBot: fromBot) : nil
        return rules.map { compiled in
            let rule = compiled.rule, policy = rule.policy
            let conditions = RuleExplainer(rule: compiled, input: input).trace()
            var actions = plannedActions(compiled, for: event)
            let outcome: RuleVerdict.Outcome
            if !policy.enabled {
                outcome = .disabled
            } else if !compiled.eventTypes.contains(event.type) {
                outcome = waits.flatMap { describeWaits(of: rule, $0) }.map { .timed(waits: $0) } ?? .notTriggered
            } else if let stoppedBy {
                outcome = .stopped(by: stoppedBy)
            } else if fromBot, !policy.ownMessages {
                outcome = .ownMessage
            } else if !conditions.held {
                outcome = .conditionsFailed
            } else if let reason = suppression(of: compiled, conversation: event.conversation, at: now, history: history) {
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

    /// What the event does to a time-based rule's waits, for `explain`: the waits it starts,
    /// with when they come due (in the wait's calendar's zone), and those it ends.
    func describeWaits(of rule: Rule, _ changes: TimerChanges) -> String? {
        let timers = rule.triggers.compactMap { trigger -> TimerTrigger? in if case .timer(let timer, _) = trigger { timer } else { nil } }
        guard !timers.isEmpty else { return nil }
        var parts: [String] = []
        for armed in changes.arm where armed.ruleID == rule.id {
            // The wait's calendar's zone, else the rules' first calendar's: where the lead is.
            let calendar = timers.first { $0.kind.keyword == armed.kind }?.calendar ?? source.calendars.first?.name
            let zone = calendar.flatMap { calendars[$0]?.timeZone }
            parts.append("this event starts its \(armed.kind) wait, due \(Timestamp.format(armed.dueAt, in: zone))")
        }
        for ended in changes.cancel where ended.ruleID == rule.id {
            parts.append("this event ends its \(ended.kind) wait")
        }
        return parts.isEmpty ? "this event neither starts nor ends its waits" : parts.joined(separator: "; ")
    }
}
