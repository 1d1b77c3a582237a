import Foundation
import InboxBotCore
import Logging
import Metrics

/// Takes admitted events from the inbox, evaluates them, and puts the decided actions in
/// the outbox, with the firings and audit records, in one transaction per event.
///
/// Events are evaluated at their own time, so evaluating one again after a crash gives the
/// same decisions, and the outbox's idempotency keys keep each action once.
public struct Pipeline: Sendable {
    let store: any StateStore
    let rules: RuleSetHolder
    let clock: any WallClock
    let budget: ActionBudget
    let dryRun: Bool
    let logger: Logger
    /// Told of every processed event with the audit records it produced (for the demo's stream and metrics).
    let observer: (@Sendable (Event, [AuditRecord]) async -> Void)?

    public init(store: any StateStore, rules: RuleSetHolder, clock: any WallClock, budget: ActionBudget = ActionBudget(),
                dryRun: Bool = false, logger: Logger = Logger(label: "inboxbot.pipeline"),
                observer: (@Sendable (Event, [AuditRecord]) async -> Void)? = nil) {
        self.store = store
        self.rules = rules
        self.clock = clock
        self.budget = budget
        self.dryRun = dryRun
        self.logger = logger
        self.observer = observer
    }

    /// Processes up to `limit` pending events, oldest first; returns how many. Different
    /// conversations are processed in parallel (up to `concurrency`), each in its order.
    @discardableResult
    public func processPending(limit: Int = 100, concurrency: Int = 4) async throws -> Int {
        let events = try await store.pendingEvents(limit: limit)
        try await ConversationLanes.run(events, conversation: \.conversation.id, limit: concurrency) { event in
            try await process(event)
        }
        return events.count
    }

    func process(_ event: Event) async throws {
        let ruleSet = await rules.current
        let version = ruleSet.version
        let now = clock.now()
        func note(_ kind: AuditRecord.Kind, _ rule: String?, _ message: String) -> AuditRecord {
            AuditRecord(time: now, kind: kind, conversationID: event.conversation.id, eventID: event.id, ruleID: rule, ruleSetVersion: version, message: message)
        }

        // The bot's own messages come back as events; only rules that opt in run on them.
        let fromBot = try await isOwn(event)
        let ledger = FiringLedger(firings: try await store.firings(conversationID: event.conversation.id), conversationID: event.conversation.id)
        let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: fromBot)
        var audit = evaluation.suppressed.map { note(.suppressed, $0.ruleID, "\($0.reason)") }
        if fromBot { audit.append(note(.note, nil, "the bot's own \(event.type.rawValue); only rules with own_messages run")) }
        for suppression in evaluation.suppressed { Counter(label: "inboxbot_rule_suppressed_total", dimensions: [("rule", suppression.ruleID)]).increment() }
        for decision in evaluation.decisions { Counter(label: "inboxbot_rule_decisions_total", dimensions: [("rule", decision.ruleID)]).increment() }
        var actions: [OutboxEntry] = []
        var firings: [(rule: String, conversation: String)] = []
        // Read only when an action is about to be queued: most events decide nothing.
        var spent: Int?

        for decision in evaluation.decisions {
            if decision.shadow {
                audit.append(note(.decision, decision.ruleID, "shadow: would " + decision.actions.map(\.summary).joined(separator: "; ")))
                continue
            }
            audit.append(note(.decision, decision.ruleID, decision.actions.map(\.summary).joined(separator: "; ")))
            if decision.limitsFiring { firings.append((decision.ruleID, event.conversation.id)) }
            for planned in decision.actions {
                guard case .success(let action) = planned.result else {
                    audit.append(note(.result, decision.ruleID, "not carried out: \(planned.summary)"))
                    logger.warning("an action could not be rendered", metadata: ["rule": "\(decision.ruleID)", "event": "\(event.id)", "reason": "\(planned.summary)"])
                    continue
                }
                if !dryRun, spent == nil {
                    spent = try await store.actionCount(conversationID: event.conversation.id, since: now.addingTimeInterval(-budget.windowSeconds))
                }
                if !dryRun, let used = spent, used >= budget.maximumActions {
                    audit.append(note(.note, decision.ruleID, "action budget reached (\(budget.maximumActions) in \(Int(budget.windowSeconds)) s): not carried out: \(action.summary)"))
                    logger.warning("action budget reached", metadata: ["conversation": "\(event.conversation.id)", "rule": "\(decision.ruleID)"])
                    Counter(label: "inboxbot_action_budget_hits_total").increment()
                    continue
                }
                let entry = OutboxEntry(
                    ruleID: decision.ruleID, ruleSetVersion: version, conversation: event.conversation, eventID: event.id,
                    actionIndex: planned.index, action: action, state: dryRun ? .dryRun : .pending, at: now)
                actions.append(entry)
                if dryRun {
                    let line = "would \(action.summary) on conversation \(event.conversation.id) — rule \(decision.ruleID)"
                    audit.append(note(.dryRun, decision.ruleID, line))
                    logger.info("\(line)")
                } else {
                    spent = (spent ?? 0) + 1
                }
            }
        }
        try await store.complete(eventID: event.id, actions: actions, firings: firings, audit: audit, at: now)
        await observer?(event, audit)
    }

    /// Whether an event is the echo of one of the bot's own actions: by the id the platform
    /// returned for it, or by its sender.
    func isOwn(_ event: Event) async throws -> Bool {
        if event.isSentByBot { return true }
        guard event.message?.direction == .outbound else { return false }
        let platformID = event.metadata["hatif_event_id"] ?? event.id
        return try await store.isOwnAction(platformID: platformID)
    }
}
