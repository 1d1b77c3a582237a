import Foundation

extension CompiledRuleSet {
    /// Whether any rule has a timer trigger.
    public var hasTimers: Bool { !timedRules.isEmpty }

    /// The waits an event starts and ends, for every enabled rule with timer triggers.
    /// `event.conversation` is the conversation just after the event. The bot's own
    /// messages (`fromBot`) do not end a wait for a reply: an automatic answer is not one.
    ///
    /// An episode is one stretch of waiting: for `idle`, from the first customer message
    /// after our last reply until the next reply. Arming the same episode again keeps its
    /// first due time, and a timer fires at most once per episode.
    public func timerChanges(after event: Event, fromBot: Bool = false) -> TimerChanges {
        let conversation = event.conversation
        var changes = TimerChanges(conversationID: conversation.id)
        // Episodes are named by these moments; formatted once, however many rules wait.
        lazy var lastOutboundStamp = conversation.lastOutboundAt.map(Timestamp.format) ?? "never"
        lazy var assignedStamp = conversation.assignedAt.map(Timestamp.format) ?? "never"
        for position in timedRules {
            let rule = rules[position].rule
            for case .timer(let timer, _) in rule.triggers {
                let keyword = timer.kind.keyword
                func arm(_ episode: String, from start: Date) {
                    guard let due = dueDate(of: timer, from: start) else { return }
                    changes.arm.append(TimerRecord(ruleID: rule.id, conversationID: conversation.id, episode: "\(keyword):\(episode)",
                                                   dueAt: due, armedAt: event.time, event: event))
                }
                func cancel() { changes.cancel.append((rule.id, keyword)) }

                switch timer.kind {
                case .idle:
                    switch event.type {
                    case .messageReceived: arm(lastOutboundStamp, from: event.time)
                    case .messageSent where fromBot: break
                    case .messageSent, .callAnswered, .conversationClosed: cancel()
                    default: break
                    }
                case .customerSilent:
                    switch event.type {
                    case .messageSent:
                        cancel()
                        arm(event.id, from: event.time)
                    case .messageReceived, .callAnswered, .conversationClosed: cancel()
                    default: break
                    }
                case .sinceCreated:
                    if event.type == .conversationCreated { arm("created", from: conversation.createdAt ?? event.time) }
                case .sinceAssigned:
                    if event.type == .conversationAssigned {
                        cancel()
                        if conversation.assignee != nil { arm(event.id, from: event.time) }
                    }
                case .unassigned:
                    if conversation.assignee == nil, conversation.status != .closed {
                        arm(assignedStamp, from: event.time)
                    } else {
                        cancel()
                    }
                case .statusHeld(let status):
                    // A status starts holding when it changes (or the conversation opens).
                    if conversation.status != status {
                        cancel()
                    } else if [.conversationCreated, .conversationReopened, .conversationClosed].contains(event.type) {
                        arm(event.id, from: event.time)
                    }
                }
            }
        }
        return changes
    }

    /// When a wait that starts at `start` is over: plain time, or business time in the timer's calendar.
    func dueDate(of timer: TimerTrigger, from start: Date) -> Date? {
        guard let name = timer.calendar else { return start.addingTimeInterval(TimeInterval(timer.after.seconds)) }
        return calendars[name]?.date(afterBusinessSeconds: timer.after.seconds, from: start)
    }

    /// The event a due timer is evaluated as: the event that started the wait, at `now`,
    /// with the conversation as it is now. Nil when the timer carries no event.
    public func firedEvent(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date) -> Event? {
        guard var event = timer.event else { return nil }
        event.id = timer.firingID
        event.time = now
        event.conversation = conversation
        return event
    }

    /// A due timer: its rule's conditions checked again, at `now`, against the conversation
    /// as it is now, with the event that started the wait; then `once` and `cooldown`.
    public func fire(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory) -> Evaluation {
        var evaluation = Evaluation()
        guard let verdict = explainTimer(timer, conversation: conversation, at: now, history: history),
              let position = rules.firstIndex(where: { $0.rule.id == timer.ruleID }),
              let event = firedEvent(timer, conversation: conversation, at: now)
        else { return evaluation }
        switch verdict.outcome {
        case .acted, .shadow:
            var sendGuard = SendGuard()
            evaluation.decisions.append(decision(rules[position], input: EvaluationInput(event: event, now: now, program: program, history: history), history: history,
                                                 sendGuard: &sendGuard))
        case .suppressed(let reason):
            evaluation.suppressed.append(Suppression(ruleID: timer.ruleID, reason: reason))
        default: break
        }
        return evaluation
    }

    /// For the waits the conversation shows directly, whether it still holds.
    func waitTrace(_ timer: TimerRecord, conversation: ConversationSnapshot) -> ConditionTrace? {
        guard let trigger = rules.first(where: { $0.rule.id == timer.ruleID })?.rule.triggers.lazy.compactMap({ trigger -> TimerTrigger? in
            if case .timer(let timerTrigger, _) = trigger, timerTrigger.kind.keyword == timer.kind { timerTrigger } else { nil }
        }).first else { return nil }
        switch trigger.kind {
        case .unassigned:
            return ConditionTrace(description: "still unassigned", held: conversation.assignee == nil, actual: conversation.assignee ?? "unassigned")
        case .sinceAssigned:
            return ConditionTrace(description: "still assigned", held: conversation.assignee != nil, actual: conversation.assignee ?? "unassigned")
        case .statusHeld(let status):
            return ConditionTrace(description: "status still \(status.rawValue)", held: conversation.status == status, actual: conversation.status.rawValue)
        case .idle, .customerSilent, .sinceCreated:
            // Replies are not told apart from the bot's own in a snapshot; the events that end these waits cancel them.
            return nil
        }
    }

    /// What the timer's rule makes of it, shown as `explain` shows an event's rules.
    public func explainTimer(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory) -> RuleVerdict? {
        guard let position = rules.firstIndex(where: { $0.rule.id == timer.ruleID }),
              let event = firedEvent(timer, conversation: conversation, at: now)
        else { return nil }
        let compiled = rules[position], policy = compiled.rule.policy
        var conditions = RuleExplainer(rule: compiled, input: EvaluationInput(event: event, now: now, program: program, history: history)).trace()
        // The wait itself must still hold: an assignment, say, may have come after the timer
        // was armed and before the event that ends it arrived.
        if let wait = waitTrace(timer, conversation: conversation) {
            conditions = ConditionTrace(description: "all of", held: wait.held && conditions.held, children: [wait, conditions])
        }
        let outcome: RuleVerdict.Outcome
        if !policy.enabled {
            outcome = .disabled
        } else if !conditions.held {
            outcome = .conditionsFailed
        } else if let reason = suppression(of: compiled.rule.id, policy, conversation: conversation, at: now, history: history) {
            outcome = .suppressed(reason)
        } else {
            outcome = policy.shadow ? .shadow : .acted
        }
        var actions = plannedActions(compiled, for: event)
        if outcome.decided {
            var sendGuard = SendGuard()
            actions = sendGuard.check(actions, of: compiled, in: conversation, shadow: policy.shadow, now: now,
                                      ruleSet: self, history: history)
        }
        return RuleVerdict(ruleID: compiled.rule.id, outcome: outcome, conditions: conditions, actions: actions)
    }
}
