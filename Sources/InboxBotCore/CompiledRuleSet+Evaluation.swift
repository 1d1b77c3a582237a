import Foundation

extension CompiledRuleSet {
    /// Evaluates one event against the rules, at the time `now`, given when each rule
    /// last acted. Pure: the same inputs always give the same decisions.
    ///
    /// Rules run in file order. A rule that acts with `stop: true` ends the evaluation;
    /// shadow rules never stop it, since they must not change what happens. An event the
    /// bot's own action caused (`fromBot`) runs only the rules with `own_messages: true`.
    public func evaluate(_ event: Event, at now: Date, history: some EvaluationHistory, fromBot: Bool = false) -> Evaluation {
        var scratch = EvaluationScratch()
        return evaluate(event, at: now, history: history, fromBot: fromBot, scratch: &scratch)
    }

    /// `evaluate(_:at:history:fromBot:)` working in `scratch`, for a caller that evaluates
    /// many events one after another (a batch, a replay).
    public func evaluate(_ event: Event, at now: Date, history: some EvaluationHistory, fromBot: Bool = false,
                         scratch: inout EvaluationScratch) -> Evaluation {
        let input = EvaluationInput(event: event, now: now, ruleSet: self, history: history)
        var context = EvaluationContext(input, reusing: &scratch)
        defer { context.giveBack(to: &scratch) }
        var evaluation = Evaluation()
        var sendGuard = SendGuard()
        // Bound once, so the loop below retains nothing per rule until one matches.
        let program = program
        let candidates = candidatesByEventType[event.type.ordinal], gates = gatesByEventType[event.type.ordinal]
        // Read out of the event's box once, not for every match.
        let conversation = event.conversation
        let historyHasOptOuts = history.hasOptOuts
        for category in gates.keys.categories { context.computeBits(category.category, program: program) }
        for word in 0..<gates.wordCount {
            // The rules whose gates admit the event, in file order.
            var admitted = gates.admitted(word: word, facts: context.facts, unread: context.unread, fromBot: fromBot)
                & gates.keys.admitted(word: word, eventWords: context.eventWords)
            while admitted != 0 {
                let candidate = candidates[word << 6 | admitted.trailingZeroBitCount]
                admitted &= admitted - 1
                guard program.passes(from: candidate.rest, first: candidate.first, &context) else { continue }
                if candidate.decidesAlike, !sendGuard.mayWithholdSends(historyHasOptOuts: historyHasOptOuts, ruleSet: self) {
                    // What `decision` makes of such a rule, without reading the rule. Appended
                    // here, not through a variable both branches set: that cost a retain and a release.
                    // Room for several at once: an event that matches one rule often matches more.
                    if evaluation.decisions.isEmpty { evaluation.decisions.reserveCapacity(16) }
                    evaluation.decisions.append(Decision(input: input, position: candidate.position, ownActions: nil, traits: candidate.traits))
                } else {
                    // The rule and its policy are read in place (a CompiledRule is a class): not copied per match.
                    let compiled = rules[candidate.position]
                    if let reason = suppression(of: compiled, conversation: conversation, at: now, history: history) {
                        evaluation.suppressed.append(Suppression(ruleID: compiled.rule.id, reason: reason))
                        continue
                    }
                    if evaluation.decisions.isEmpty { evaluation.decisions.reserveCapacity(16) }
                    evaluation.decisions.append(decision(compiled, position: candidate.position, input: input, history: history, sendGuard: &sendGuard))
                }
                if candidate.stops { return evaluation }
            }
        }
        return evaluation
    }

    /// Why a matching rule does not act now (sample, once, cooldown); nil when it does. The
    /// rule's policy is read where it lies: passed on its own, it was copied for every match.
    func suppression(of compiled: CompiledRule, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory) -> Suppression.Reason? {
        guard compiled.mayBeSuppressed else { return nil }
        let ruleID = compiled.rule.id
        if let percent = compiled.rule.policy.samplePercent, !RolloutSample.includes(conversation, rule: ruleID, percent: percent) {
            return .outsideSample(percent: percent)
        }
        guard compiled.rule.policy.limitsFiring,
              let last = history.lastFiring(rule: ruleID, scope: compiled.rule.policy.firingScope(of: conversation))
        else { return nil }
        let policy = compiled.rule.policy
        if policy.once {
            guard policy.oncePerDay else { return .once(firedAt: last, scope: policy.scope) }
            let today = civilDay(of: now, calendar: policy.dayCalendar)
            if civilDay(of: last, calendar: policy.dayCalendar) == today { return .once(firedAt: last, scope: policy.scope, day: today) }
        }
        if let cooldown = policy.cooldown {
            let until = last.addingTimeInterval(TimeInterval(cooldown.seconds))
            if now < until { return .cooldown(until: until, scope: policy.scope) }
        }
        return nil
    }

    /// `position`: the rule's place in `rules`.
    func decision(_ compiled: CompiledRule, position: Int, input: EvaluationInput, history: some EvaluationHistory,
                  sendGuard: inout SendGuard) -> Decision {
        // Most decisions keep the rule's own list: nothing rendered for the event, nothing withheld.
        var own = renderedActions(compiled, for: input.event)
        if sendGuard.mayWithhold(of: compiled, ruleSet: self, history: history) {
            own = sendGuard.check(own ?? compiled.plannedOnce, of: compiled, in: input.event.conversation,
                                  shadow: compiled.rule.policy.shadow, now: input.now, ruleSet: self, history: history)
        }
        return Decision(input: input, position: position, ownActions: own,
                        traits: limitsSends ? compiled.decisionTraits.union(.countsSends) : compiled.decisionTraits)
    }

    /// The rule's actions rendered for the event.
    func plannedActions(_ compiled: CompiledRule, for event: Event) -> [PlannedAction] {
        renderedActions(compiled, for: event) ?? compiled.plannedOnce
    }

    /// The rule's actions rendered for the event; nil when none renders differently from one
    /// event to the next, so that the rule's own list (`plannedOnce`) is them.
    private func renderedActions(_ compiled: CompiledRule, for event: Event) -> [PlannedAction]? {
        let perEvent = compiled.renderedPerEvent
        guard !perEvent.isEmpty else { return nil }
        let once = compiled.plannedOnce
        // Built in order, not copied from `once` and overwritten: that copied the whole list
        // and then threw its placeholders away.
        var actions: [PlannedAction] = []
        actions.reserveCapacity(once.count)
        var next = 0
        for index in once.indices {
            guard next < perEvent.count, perEvent[next].index == index else {
                actions.append(once[index])
                continue
            }
            let rendered = perEvent[next].render(event)
            next += 1
            // A pool is staffed from the rule set's agents (only `assign` to a pool renders one).
            if case .success(.assignFromPool(let pool)) = rendered {
                actions.append(PlannedAction(index: index, result: staffed(pool, at: event.time)))
            } else {
                actions.append(PlannedAction(index: index, result: rendered))
            }
        }
        return actions
    }
}
