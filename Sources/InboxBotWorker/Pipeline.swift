import Foundation
import InboxBotCore
import Logging
import Metrics

/// Takes admitted events from the inbox, and timers that came due, evaluates them, and
/// puts the decided actions in the outbox, with the firings, audit records and the waits
/// they start and end, in one transaction per batch.
///
/// Events are evaluated at their own time, so evaluating one again after a crash gives the
/// same decisions, and the outbox's idempotency keys keep each action once.
public struct Pipeline: Sendable {
    let store: any StateStore
    let rules: RuleSetHolder
    let clock: any WallClock
    let budget: ActionBudget
    /// Only in a dry run: what its rules would have changed on each conversation (DryRunView).
    let dryRunView: DryRunViewHolder?
    var dryRun: Bool { dryRunView != nil }
    /// Where a due timer reads the conversation as it is now; nil uses what the timer saw.
    let platform: (any ConversationPlatform)?
    /// A timer found this long past its due time (the worker was down) is skipped, with the reason.
    let timerGraceSeconds: Double
    let logger: Logger
    /// Told of every processed event with the audit records it produced (for the demo's stream and metrics).
    let observer: (@Sendable (Event, [AuditRecord]) async -> Void)?
    /// Held by each pass, and by each admission that may evaluate its events.
    let passes = PassGate()
    /// Set by each pass: whether it left events waiting for an echo to be told.
    public let echoWaits = EchoWaits()

    public init(store: any StateStore, rules: RuleSetHolder, clock: any WallClock, budget: ActionBudget = ActionBudget(),
                dryRun: Bool = false, platform: (any ConversationPlatform)? = nil, timerGraceSeconds: Double = 3600,
                logger: Logger = Logger(label: "inboxbot.pipeline"),
                observer: (@Sendable (Event, [AuditRecord]) async -> Void)? = nil) {
        self.platform = platform
        self.timerGraceSeconds = timerGraceSeconds
        self.store = store
        self.rules = rules
        self.clock = clock
        self.budget = budget
        self.dryRunView = dryRun ? DryRunViewHolder() : nil
        self.logger = logger
        self.observer = observer
    }

    /// Processes up to `limit` pending events, oldest first, and commits them in one
    /// transaction; returns how many were processed. The state they need is read once per batch.
    @discardableResult
    public func processPending(limit: Int = 200) async throws -> Int {
        await passes.enter()
        defer { passes.leave() }
        let ruleSet = await rules.current
        let now = clock.now()
        let batch = try await store.pendingBatch(limit: limit, for: ruleSet, at: now, budgetSince: budgetSince(at: now))
        guard !batch.events.isEmpty else {
            echoWaits.note(false)
            return 0
        }
        let echoes = Set(batch.events.compactMap { $0.message?.direction == .outbound ? $0.platformID : nil })
        // Said before the sends in flight are read: a send recorded after that read wakes the
        // pipeline again, for the echo this pass will leave waiting.
        if !echoes.isEmpty { echoWaits.note(true) }
        let own = echoes.isEmpty ? [] : try await store.ownActions(platformIDs: echoes)
        let acting = echoes.isEmpty ? [] : try await store.conversationsWithActionsInFlight(among: Set(batch.events.map(\.conversation.id)))
        let evaluation = evaluate(batch, ruleSet: ruleSet, own: own, acting: acting, at: now)
        let processed = try await commit(evaluation.completions, observed: evaluation.evaluated.map { ($0.event, $0.completion.audit) }, at: now)
        echoWaits.note(processed < batch.events.count)
        return processed
    }

    /// Evaluates a batch's events one after another (evaluation is pure and fast), each
    /// conversation's in order, with the firing ledger and the action budget carried in memory
    /// from one event to the next.
    /// `own`: the platform ids of the bot's own sends among the batch's outbound messages;
    /// `acting`: its conversations with actions in flight.
    func evaluate(_ batch: PendingBatch, ruleSet: CompiledRuleSet, own: Set<String>, acting: Set<String>, at now: Date) -> BatchEvaluation {
        var (ledger, spent) = (batch.history, batch.spent)
        var result = BatchEvaluation()
        var waiting: Set<String> = []
        var scratch = EvaluationScratch()
        for received in batch.events {
            let event = dryRunView?.seen(received) ?? received
            let conversation = event.conversation.id
            if waiting.contains(conversation) { continue }
            let isOwn = event.isSentByBot || (event.message?.direction == .outbound && own.contains(event.platformID))
            // An outbound message while the bot acts on its conversation may be the echo of
            // that send: it waits (with the conversation's later events) until the send's id is known.
            if !isOwn, event.message?.direction == .outbound, acting.contains(conversation) {
                waiting.insert(conversation)
                continue
            }
            let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: isOwn, scratch: &scratch)
            var completion = complete(event, evaluation, ruleSet: ruleSet, fromBot: isOwn, ledger: &ledger, spent: &spent[conversation, default: 0], at: now)
            if ruleSet.hasTimers {
                var changes = ruleSet.timerChanges(after: event, fromBot: isOwn)
                // A dry run's would-be sends and changes come back as a live run's would, ending waits.
                for shown in recordDryRun(evaluation, on: event.conversation, at: event.time) {
                    changes = changes.followed(by: ruleSet.timerChanges(after: shown, fromBot: shown.message != nil))
                }
                if !changes.isEmpty { completion.timers = changes }
            } else {
                _ = recordDryRun(evaluation, on: event.conversation, at: event.time)
            }
            result.evaluated.append((event, completion))
        }
        return result
    }

    /// Fires the timers that came due, soonest first, and commits what they did in one
    /// transaction; returns how many were fired or skipped. Each rule's conditions are
    /// checked again against the conversation as the platform has it now.
    @discardableResult
    public func fireDueTimers(limit: Int = 100) async throws -> Int {
        // The platform is read before the gate is taken: admissions wait for the gate.
        let found = try await store.dueTimers(at: clock.now(), limit: limit)
        guard !found.isEmpty else { return 0 }
        let current = await conversationsNow(Set(found.map(\.conversationID)))
        await passes.enter()
        defer { passes.leave() }
        let now = clock.now()
        // Read again under the gate: an event evaluated meanwhile may have ended a wait. A timer
        // come due since has no conversation read yet, and waits for the next pass.
        let due = try await store.dueTimers(at: now, limit: limit)
        guard !due.isEmpty else { return 0 }
        let ruleSet = await rules.current
        var (ledger, spent) = try await history(of: due.compactMap { current[$0.conversationID] ?? $0.event?.conversation }, ruleSet: ruleSet, at: now)
        var completions: [EventCompletion] = []
        var processed: [(event: Event, audit: [AuditRecord])] = []
        var scratch = EvaluationScratch()
        for timer in due {
            let id = timer.firingID
            func skipped(_ reason: String) -> EventCompletion {
                let note = AuditRecord(time: now, kind: .note, conversationID: timer.conversationID, eventID: id, ruleID: timer.ruleID,
                                       ruleSetVersion: ruleSet.version, message: "\(timer.described) skipped: \(reason)")
                logger.notice("timer skipped", metadata: ["rule": "\(timer.ruleID)", "conversation": "\(timer.conversationID)", "reason": "\(reason)"])
                Counter(label: "inboxbot_timers_total", dimensions: [("rule", timer.ruleID), ("result", "skipped")]).increment()
                return EventCompletion(eventID: id, firedAt: now, audit: [note], firedTimer: timer.key)
            }
            guard let rule = ruleSet.source.rules.first(where: { $0.id == timer.ruleID }), rule.policy.enabled else {
                completions.append(skipped("its rule is no longer in the rules, or is disabled"))
                continue
            }
            let late = now.timeIntervalSince(timer.dueAt)
            if late > timerGraceSeconds {
                completions.append(skipped("it came due at \(Timestamp.format(timer.dueAt)), \(TimeSpan(seconds: late.clampedInt(to: 0...Int.max))) ago, past the grace period of \(TimeSpan(seconds: timerGraceSeconds.clampedInt(to: 0...Int.max)))"))
                continue
            }
            var conversation = timer.event?.conversation
            if platform != nil {
                // Unread (the platform failed): tried again on the next pass, until the grace period runs out.
                guard let read = current[timer.conversationID] else { continue }
                conversation = read
            }
            guard let conversation = conversation.map({ dryRunView?.conversation($0) ?? $0 }),
                  let event = ruleSet.firedEvent(timer, conversation: conversation, at: now) else {
                completions.append(skipped("the conversation is gone"))
                continue
            }
            let evaluation = ruleSet.fire(timer, conversation: conversation, at: now, history: ledger, scratch: &scratch)
            _ = recordDryRun(evaluation, on: conversation, at: now)
            var completion = complete(event, evaluation, ruleSet: ruleSet, fromBot: false, ledger: &ledger, spent: &spent[timer.conversationID, default: 0], at: now)
            completion.audit.insert(AuditRecord(time: now, kind: .note, conversationID: timer.conversationID, eventID: id, ruleID: timer.ruleID,
                                                ruleSetVersion: ruleSet.version,
                                                message: "\(timer.described) came due at \(Timestamp.format(timer.dueAt))"
                                                    + (evaluation.decisions.isEmpty && evaluation.suppressed.isEmpty ? "; the rule's conditions do not hold now, so it does nothing" : "")), at: 0)
            completion.firedTimer = timer.key
            Counter(label: "inboxbot_timers_total", dimensions: [("rule", timer.ruleID), ("result", "fired")]).increment()
            completions.append(completion)
            processed.append((event, completion.audit))
        }
        return try await commit(completions, observed: processed, at: now)
    }

    /// The conversations as the platform has them now, read at once (16 at a time): a
    /// conversation it no longer has maps to nil; one it could not read is left out.
    private func conversationsNow(_ ids: Set<String>) async -> [String: ConversationSnapshot?] {
        guard let platform else { return [:] }
        return await withTaskGroup(of: (String, ConversationSnapshot??).self) { group in
            var results: [String: ConversationSnapshot?] = [:]
            var pending = ids.makeIterator()
            func read(_ id: String) {
                group.addTask {
                    do {
                        return (id, .some(try await platform.conversation(id: id)))
                    } catch {
                        logger.warning("could not read a conversation for a due timer", metadata: ["conversation": "\(id)", "error": "\(error)"])
                        return (id, nil)
                    }
                }
            }
            for _ in 0..<16 { if let id = pending.next() { read(id) } }
            for await (id, snapshot) in group {
                if let snapshot { results[id] = snapshot }
                if let next = pending.next() { read(next) }
            }
            return results
        }
    }

    /// In a dry run, takes in what the evaluation's decisions would have done to the
    /// conversation; returns the events the platform would then have shown.
    private func recordDryRun(_ evaluation: Evaluation, on conversation: ConversationSnapshot, at time: Date) -> [Event] {
        guard let dryRunView else { return [] }
        return evaluation.decisions.filter { !$0.shadow }.flatMap { decision in
            dryRunView.record(decision.actions.compactMap { planned in planned.withheld == nil ? try? planned.result.get() : nil },
                              on: dryRunView.conversation(conversation), at: time, eventID: decision.eventID)
        }
    }

    /// Commits a batch in one transaction, then tells the observer; returns how many.
    private func commit(_ completions: [EventCompletion], observed: [(event: Event, audit: [AuditRecord])], at now: Date) async throws -> Int {
        guard !completions.isEmpty else { return 0 }
        try await store.complete(completions, at: now)
        if let observer {
            for (event, audit) in observed { await observer(event, audit) }
        }
        return completions.count
    }

    /// When rules last fired on the conversations (and their contacts, where rules count per
    /// contact), their contacts' opt-outs and recent sends, and the actions spent from the
    /// conversations' budgets.
    private func history(of conversations: [ConversationSnapshot], ruleSet: CompiledRuleSet, at now: Date) async throws -> (FiringLedger, [String: Int]) {
        let ledger = try await store.evaluationHistory(of: conversations, for: ruleSet, at: now)
        let spent = if let since = budgetSince(at: now) { try await store.actionCounts(conversationIDs: Set(conversations.map(\.id)), since: since) } else { [String: Int]() }
        return (ledger, spent)
    }

    /// Where the action budget's window begins; nil in a dry run, which spends none.
    func budgetSince(at now: Date) -> Date? {
        dryRun ? nil : budget.windowStart(at: now)
    }

    /// What to commit for one evaluated event (or fired timer): its outbox entries,
    /// firings and audit, within the action budget.
    func complete(_ event: Event, _ evaluation: Evaluation, ruleSet: CompiledRuleSet, fromBot: Bool, ledger: inout FiringLedger, spent: inout Int,
                  at now: Date) -> EventCompletion {
        let version = ruleSet.version
        func note(_ kind: AuditRecord.Kind, _ rule: String?, _ message: String) -> AuditRecord {
            AuditRecord(time: now, kind: kind, conversationID: event.conversation.id, eventID: event.id, ruleID: rule, ruleSetVersion: version, message: message)
        }

        // The bot's own messages come back as events; only rules that opt in run on them.
        var completion = EventCompletion(eventID: event.id, firedAt: event.time)
        completion.assignment = ConversationAssignment(event.conversation, at: event.time)
        completion.audit = evaluation.suppressed.map { note(.suppressed, $0.ruleID, "\($0.reason)") }
        if fromBot { completion.audit.append(note(.note, nil, "the bot's own \(event.type.rawValue); only rules with own_messages run")) }
        for suppression in evaluation.suppressed { Counter(label: "inboxbot_rule_suppressed_total", dimensions: [("rule", suppression.ruleID)]).increment() }
        for decision in evaluation.decisions { Counter(label: "inboxbot_rule_decisions_total", dimensions: [("rule", decision.ruleID)]).increment() }

        for decision in evaluation.decisions {
            if decision.shadow {
                completion.audit.append(note(.decision, decision.ruleID, "shadow: would " + decision.actions.map(\.summary).joined(separator: "; ")))
                continue
            }
            completion.audit.append(note(.decision, decision.ruleID, decision.actions.map(\.summary).joined(separator: "; ")))
            if decision.limitsFiring { completion.firings.append((decision.ruleID, decision.firingScope)) }
            completion.contactChanges += ledger.record(decision, at: event.time)
            for planned in decision.actions {
                guard case .success(let action) = planned.result else {
                    completion.audit.append(note(.result, decision.ruleID, "not carried out: \(planned.summary)"))
                    logger.warning("an action could not be rendered", metadata: ["rule": "\(decision.ruleID)", "event": "\(event.id)", "reason": "\(planned.summary)"])
                    continue
                }
                if let withheld = planned.withheld {
                    completion.audit.append(note(.suppressed, decision.ruleID, planned.summary))
                    logger.info("a send was withheld", metadata: ["rule": "\(decision.ruleID)", "conversation": "\(event.conversation.id)", "reason": "\(withheld)"])
                    Counter(label: "inboxbot_sends_withheld_total", dimensions: [("rule", decision.ruleID)]).increment()
                    continue
                }
                if action.isLocal {
                    // Recorded with the event (the contact changes above), before any later send is planned or carried out.
                    completion.audit.append(note(dryRun ? .dryRun : .result, decision.ruleID, (dryRun ? "would " : "") + action.summary))
                    continue
                }
                if !dryRun, spent >= budget.maximumActions {
                    completion.audit.append(note(.note, decision.ruleID, "action budget reached (\(budget.maximumActions) in \(TimeSpan(seconds: budget.windowSeconds.clampedInt(to: 0...Int.max)))): not carried out: \(action.summary)"))
                    logger.warning("action budget reached", metadata: ["conversation": "\(event.conversation.id)", "rule": "\(decision.ruleID)"])
                    Counter(label: "inboxbot_action_budget_hits_total").increment()
                    continue
                }
                completion.actions.append(OutboxEntry(
                    ruleID: decision.ruleID, ruleSetVersion: version, conversation: event.conversation, eventID: event.id,
                    actionIndex: planned.index, action: action, state: dryRun ? .dryRun : .pending, at: now))
                if dryRun {
                    let line = "would \(action.summary) on conversation \(event.conversation.id) — rule \(decision.ruleID)"
                    completion.audit.append(note(.dryRun, decision.ruleID, line))
                    logger.info("\(line)")
                } else {
                    spent += 1
                }
            }
        }
        return completion
    }
}
