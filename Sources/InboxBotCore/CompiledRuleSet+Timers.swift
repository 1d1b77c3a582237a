import Foundation

extension CompiledRuleSet {
    /// Whether any rule has a timer trigger.
    public var hasTimers: Bool { !timerWaits.isEmpty }

    /// The waits an event starts and ends, for every enabled rule with timer triggers.
    /// `event.conversation` is the conversation just after the event. The bot's own
    /// messages (`fromBot`) do not end a wait for a reply: an automatic answer is not one.
    ///
    /// An episode is one stretch of waiting: for `idle`, from the first customer message
    /// after our last reply until the next reply. Arming the same episode again keeps its
    /// first due time, and a timer fires at most once per episode.
    ///
    /// Every wait the event starts and ends is listed; `timerChanges(after:fromBot:waits:)`
    /// leaves out those that would change nothing.
    public func timerChanges(after event: Event, fromBot: Bool = false) -> TimerChanges {
        timerChanges(after: event, fromBot: fromBot, known: nil)
    }

    /// The same changes, less those that would change nothing, for a caller that holds the
    /// conversation's waits in a `TimerQueue`: a wait that waits is not armed again (unless
    /// these changes end it first), nor an episode that has fired, so their timers are not
    /// even built; a wait that does not wait is not ended (most ends, in a replay).
    public func timerChanges(after event: Event, fromBot: Bool = false, waits: TimerQueue.Waits) -> TimerChanges {
        timerChanges(after: event, fromBot: fromBot, known: waits)
    }

    /// The same, worked out in `changes` (emptied first, its room kept), for a replay that
    /// works them out for every event and hands them to `TimerQueue.apply(_:to:)` in place.
    func timerChanges(after event: Event, fromBot: Bool, waits: TimerQueue.Waits, into changes: inout TimerChanges) {
        timerChanges(after: event, fromBot: fromBot, known: waits, into: &changes)
    }

    private func timerChanges(after event: Event, fromBot: Bool, known waits: TimerQueue.Waits?) -> TimerChanges {
        var changes = TimerChanges(conversationID: event.conversation.id)
        timerChanges(after: event, fromBot: fromBot, known: waits, into: &changes)
        return changes
    }

    private func timerChanges(after event: Event, fromBot: Bool, known waits: TimerQueue.Waits?, into changes: inout TimerChanges) {
        let conversation = event.conversation
        changes.reset(conversationID: conversation.id)
        // Episodes are named by these moments; formatted once, however many rules wait.
        lazy var lastOutboundStamp = conversation.lastOutboundAt.map(Timestamp.format) ?? "never"
        lazy var assignedStamp = conversation.assignedAt.map(Timestamp.format) ?? "never"
        for wait in timerWaits {
            // The wait's id and keyword are read where used, not bound for every wait of
            // every event: most events arm and end none, and each binding was a retain.
            func arm(_ stamp: @autoclosure () -> String, from start: Date) {
                if let waits, waits.contains(ruleID: wait.ruleID, kind: wait.keyword),
                   !changes.cancel.contains(where: { $0.ruleID == wait.ruleID && $0.kind == wait.keyword }) { return }
                let firingID = TimerRecord.firingID(ruleID: wait.ruleID, conversationID: conversation.id, kind: wait.keyword, stamp: stamp())
                if let waits, waits.hasFired(firingID: firingID) { return }
                guard let due = wait.dueDate(from: start) else { return }
                changes.arm.append(TimerRecord(firingID: firingID, ruleID: wait.ruleID, conversationID: conversation.id, dueAt: due, armedAt: event.time,
                                               event: event, rulePosition: wait.rulePosition))
            }
            func cancel() {
                if let waits, !waits.contains(ruleID: wait.ruleID, kind: wait.keyword) { return }
                changes.cancel.append((wait.ruleID, wait.keyword))
            }

            switch wait.trigger.kind {
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
        changes.armsUnfired = waits != nil
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
    /// The same verdict as `explainTimer`, by the compiled program and without a trace.
    public func fire(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory) -> Evaluation {
        var scratch = EvaluationScratch()
        return fire(timer, conversation: conversation, at: now, history: history, scratch: &scratch)
    }

    /// `fire(_:conversation:at:history:)` working in `scratch`, for a caller that evaluates
    /// many events and timers one after another (a replay).
    public func fire(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory,
                     scratch: inout EvaluationScratch) -> Evaluation {
        var evaluation = Evaluation()
        guard let position = position(of: timer) else { return evaluation }
        // Read in place (a CompiledRule is a class): its rule, passed on, was copied whole.
        let compiled = rules[position]
        guard compiled.rule.policy.enabled, waitHolds(timer, of: compiled, conversation: conversation) != false,
              let event = firedEvent(timer, conversation: conversation, at: now)
        else { return evaluation }
        let input = EvaluationInput(event: event, now: now, ruleSet: self, history: history)
        var context = EvaluationContext(input, reusing: &scratch)
        defer { context.giveBack(to: &scratch) }
        guard compiled.gate.admits(&context, program: program), program.passes(from: compiled.rest, &context) else { return evaluation }
        if let reason = suppression(of: compiled, conversation: conversation, at: now, history: history) {
            evaluation.suppressed.append(Suppression(ruleID: timer.ruleID, reason: reason))
        } else {
            var sendGuard = SendGuard()
            evaluation.decisions.append(decision(compiled, position: position, input: input, history: history, sendGuard: &sendGuard))
        }
        return evaluation
    }

    /// Where the timer's rule is: where it was when this rule set armed the timer, without
    /// hashing its id; else (a timer from the store, armed by other rules) looked up.
    private func position(of timer: TimerRecord) -> Int? {
        if let armedAt = timer.rulePosition, rules.indices.contains(armedAt), rules[armedAt].rule.id == timer.ruleID { return armedAt }
        return positionsByID[timer.ruleID]
    }

    /// The trigger of `compiled` (the timer's rule) that armed a timer.
    private func trigger(of timer: TimerRecord, in compiled: CompiledRule) -> TimerTrigger? {
        // Keywords are short: as strings of their own they compare as two words.
        let kind = timer.kindName
        return compiled.timerTriggers.first { $0.kind.keyword == kind }
    }

    /// For the waits the conversation shows directly, whether it still holds; nil for the
    /// others. `compiled` is the timer's rule.
    func waitHolds(_ timer: TimerRecord, of compiled: CompiledRule, conversation: ConversationSnapshot) -> Bool? {
        switch trigger(of: timer, in: compiled)?.kind {
        case .unassigned?: conversation.assignee == nil
        case .sinceAssigned?: conversation.assignee != nil
        case .statusHeld(let status)?: conversation.status == status
        // Replies are not told apart from the bot's own in a snapshot; the events that end these waits cancel them.
        case .idle?, .customerSilent?, .sinceCreated?, nil: nil
        }
    }

    /// `waitHolds` as `explain` shows it.
    func waitTrace(_ timer: TimerRecord, of compiled: CompiledRule, conversation: ConversationSnapshot) -> ConditionTrace? {
        guard let held = waitHolds(timer, of: compiled, conversation: conversation), let kind = trigger(of: timer, in: compiled)?.kind else { return nil }
        let assignee = conversation.assignee ?? "unassigned"
        return switch kind {
        case .statusHeld(let status): ConditionTrace(description: "status still \(status.rawValue)", held: held, actual: conversation.status.rawValue)
        case .sinceAssigned: ConditionTrace(description: "still assigned", held: held, actual: assignee)
        case .unassigned: ConditionTrace(description: "still unassigned", held: held, actual: assignee)
        case .idle, .customerSilent, .sinceCreated: nil
        }
    }

    /// What the timer's rule makes of it, shown as `explain` shows an event's rules.
    public func explainTimer(_ timer: TimerRecord, conversation: ConversationSnapshot, at now: Date, history: some EvaluationHistory) -> RuleVerdict? {
        guard let position = position(of: timer),
              let event = firedEvent(timer, conversation: conversation, at: now)
        else { return nil }
        let compiled = rules[position], policy = compiled.rule.policy
        var conditions = RuleExplainer(rule: compiled, input: EvaluationInput(event: event, now: now, ruleSet: self, history: history)).trace()
        // The wait itself must still hold: an assignment, say, may have come after the timer
        // was armed and before the event that ends it arrived.
        if let wait = waitTrace(timer, of: compiled, conversation: conversation) {
            conditions = ConditionTrace(description: "all of", held: wait.held && conditions.held, children: [wait, conditions])
        }
        let outcome: RuleVerdict.Outcome
        if !policy.enabled {
            outcome = .disabled
        } else if !conditions.held {
            outcome = .conditionsFailed
        } else if let reason = suppression(of: compiled, conversation: conversation, at: now, history: history) {
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
