import Foundation
import InboxBotCore

/// Runs recorded events through a rule set, acting on nothing, and counts what would have happened.
/// Time-based rules' timers run on the events' own clock: armed and ended by the events, and
/// fired when an event (or the end) passes their due time. Every event and timer sees the
/// conversation with what the replayed rules did to it laid over (DryRunView): the tags,
/// assignee and status a live run would have given it.
struct Replayer {
    /// One evaluation: an event's, or a due timer's (with the timer); with `explains`, what
    /// every rule made of it.
    struct Replayed: Sendable {
        var event: Event
        var evaluation: Evaluation
        var timer: TimerRecord?
        var verdicts: [RuleVerdict] = []
    }

    struct Report: Sendable, Encodable {
        var events = 0
        var badLines = 0
        var matches = 0
        var suppressed = 0
        /// Time-based rules' timers that came due during the replay.
        var timersFired = 0
        var actions = 0
        var renderFailures = 0
        var perRule: [String: Int] = [:]
        var perRuleConversations: [String: Int] = [:]
        /// Actions each rule would have carried out (shadow rules' not counted).
        var perRuleActions: [String: Int] = [:]
        var elapsedSeconds = 0.0
        var eventsPerSecond: Double { elapsedSeconds > 0 ? Double(events) / elapsedSeconds : 0 }

        enum CodingKeys: String, CodingKey {
            case events, badLines = "bad_lines", matches, suppressed, actions, renderFailures = "render_failures", timersFired = "timers_fired"
            case perRule = "per_rule", perRuleConversations = "per_rule_conversations", perRuleActions = "per_rule_actions"
            case elapsedSeconds = "elapsed_seconds", eventsPerSecond = "events_per_second"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(events, forKey: .events)
            try container.encode(badLines, forKey: .badLines)
            try container.encode(matches, forKey: .matches)
            try container.encode(suppressed, forKey: .suppressed)
            try container.encode(timersFired, forKey: .timersFired)
            try container.encode(actions, forKey: .actions)
            try container.encode(renderFailures, forKey: .renderFailures)
            try container.encode(perRule, forKey: .perRule)
            try container.encode(perRuleConversations, forKey: .perRuleConversations)
            try container.encode(perRuleActions, forKey: .perRuleActions)
            try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
            try container.encode(eventsPerSecond, forKey: .eventsPerSecond)
        }
    }

    let ruleSet: CompiledRuleSet
    /// Whether each result carries its rules' verdicts too (`explain`); off, nothing extra is done.
    let explains: Bool
    /// Whether `replay` and `fireTimers` return their results; off (a replay that only
    /// counts), none are made.
    let returnsResults: Bool
    private var ledger: FiringLedger
    /// What each rule did, by its position in the rule set (no hashing of rule ids per decision).
    private struct RuleTally {
        var matches = 0
        var actions = 0
        var conversations: Set<String> = []
    }
    private var tallies: [RuleTally]
    private var counts = Report()
    /// The figures so far; the per-rule ones are laid out here, not after every event.
    var report: Report {
        var report = counts
        for (rule, tally) in zip(ruleSet.source.rules, tallies) {
            report.perRule[rule.id] = tally.matches
            report.perRuleActions[rule.id] = tally.actions
            report.perRuleConversations[rule.id] = tally.conversations.count
        }
        return report
    }
    /// Lines of the input that were not events.
    var badLines: Int {
        get { counts.badLines }
        set { counts.badLines = newValue }
    }
    /// Waits armed and not yet come due.
    var pendingTimers: [TimerRecord] { timers.due(by: .distantFuture) }
    private var timers = TimerQueue()
    /// Each conversation as last seen, and what the replayed rules changed on it.
    private var conversations: [String: ConversationSnapshot] = [:]
    /// Whether snapshots replaced in `conversations` are kept for `takeRetired()`; off, they
    /// are freed at once.
    let retires: Bool
    private var retired: [ConversationSnapshot] = []
    private var view = DryRunView()

    /// `ledger`: once, cooldown and opt-outs as they stand before the first event.
    init(ruleSet: CompiledRuleSet, ledger: FiringLedger = FiringLedger(), explains: Bool = false, returnsResults: Bool = true, retires: Bool = false) {
        self.ruleSet = ruleSet
        self.retires = retires
        self.ledger = ledger
        self.explains = explains
        self.returnsResults = returnsResults
        tallies = Array(repeating: RuleTally(), count: ruleSet.source.rules.count)
    }

    /// Evaluates one event at its own time, after the timers due before it, and records the
    /// would-be decisions; returns each evaluation (fired timers first, as their own events).
    mutating func replay(_ recorded: Event) -> [Replayed] {
        var results = fireTimers(through: recorded.time)
        let event = view.seen(recorded)
        let start = ContinuousClock.now
        let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: event.isSentByBot)
        let elapsed = ContinuousClock.now - start
        counts.elapsedSeconds += elapsed.inSeconds
        counts.events += 1
        let verdicts = explains ? ruleSet.explain(event, at: event.time, history: ledger, fromBot: event.isSentByBot) : []
        if let replaced = conversations.updateValue(event.conversation, forKey: event.conversation.id), retires { retired.append(replaced) }
        // The event's own waits first: what the rules do about it may end them at once.
        applyTimers(after: event, fromBot: event.isSentByBot)
        record(evaluation, at: event.time)
        if returnsResults { results.append(Replayed(event: event, evaluation: evaluation, verdicts: verdicts)) }
        return results
    }

    /// The snapshots replaced since the last call (with `retires`), for the caller to free
    /// elsewhere: on the reading core, not the replaying one.
    mutating func takeRetired() -> [ConversationSnapshot] {
        var taken: [ConversationSnapshot] = []
        swap(&taken, &retired)
        return taken
    }

    /// Arms and cancels the waits an event starts and ends (its own first, then those of the
    /// changes the replayed rules made, as the platform would show them).
    private mutating func applyTimers(after event: Event, fromBot: Bool) {
        guard ruleSet.hasTimers else { return }
        let waits = timers.waits(on: event.conversation.id)
        let changes = ruleSet.timerChanges(after: event, fromBot: fromBot) { waits.contains(ruleID: $0, kind: $1) }
        timers.apply(changes, to: waits)
    }

    /// Fires the timers due by `time`, soonest first.
    mutating func fireTimers(through time: Date) -> [Replayed] {
        var results: [Replayed] = []
        while let next = timers.takeNext(dueBy: time) {
            // A timer without the event that armed it has nothing to evaluate.
            guard next.event != nil, let conversation = (conversations[next.conversationID] ?? next.event?.conversation).map({ view.conversation($0) })
            else { continue }
            let evaluation = ruleSet.fire(next, conversation: conversation, at: next.dueAt, history: ledger)
            // Explained as it was decided: before the firing is recorded.
            let verdicts = explains ? [ruleSet.explainTimer(next, conversation: conversation, at: next.dueAt, history: ledger)].compactMap { $0 } : []
            counts.timersFired += 1
            record(evaluation, at: next.dueAt)
            guard returnsResults, let event = ruleSet.firedEvent(next, conversation: conversation, at: next.dueAt) else { continue }
            results.append(Replayed(event: event, evaluation: evaluation, timer: next, verdicts: verdicts))
        }
        return results
    }

    private mutating func record(_ evaluation: Evaluation, at time: Date) {
        counts.suppressed += evaluation.suppressed.count
        for decision in evaluation.decisions {
            ledger.record(decision, at: time)
            // What the rules did shows in the conversation later events and timers see.
            if !decision.shadow, let seen = conversations[decision.conversationID] {
                let carriedOut = decision.actions.compactMap { $0.withheld == nil ? try? $0.result.get() : nil }
                let shown = view.record(carriedOut, on: view.conversation(seen), at: time, eventID: decision.eventID)
                for event in shown { applyTimers(after: event, fromBot: event.message != nil) }
            }
            counts.matches += 1
            var actions = 0
            for action in decision.actions {
                if case .failure = action.result {
                    counts.renderFailures += 1
                } else if !decision.shadow {
                    actions += 1
                }
            }
            counts.actions += actions
            guard tallies.indices.contains(decision.ruleIndex) else { continue }
            tallies[decision.ruleIndex].matches += 1
            tallies[decision.ruleIndex].actions += actions
            tallies[decision.ruleIndex].conversations.insert(decision.conversationID)
        }
    }
}
