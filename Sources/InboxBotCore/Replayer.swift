import Foundation

/// Runs recorded events through a rule set, acting on nothing, and counts what would have happened.
/// Time-based rules' timers run on the events' own clock: armed and ended by the events, and
/// fired when an event (or the end) passes their due time. Every event and timer sees the
/// conversation with what the replayed rules did to it laid over (DryRunView): the tags,
/// assignee and status a live run would have given it.
public struct Replayer: Sendable {
    /// One evaluation: an event's, or a due timer's (with the timer); with `explains`, what
    /// every rule made of it.
    public struct Replayed: Sendable {
        public var event: Event
        public var evaluation: Evaluation
        public var timer: TimerRecord?
        public var verdicts: [RuleVerdict] = []
    }

    public struct Report: Sendable, Encodable {
        public var events = 0
        public var badLines = 0
        public var matches = 0
        public var suppressed = 0
        /// Time-based rules' timers that came due during the replay.
        public var timersFired = 0
        public var actions = 0
        public var renderFailures = 0
        public var perRule: [String: Int] = [:]
        public var perRuleConversations: [String: Int] = [:]
        /// Actions each rule would have carried out (shadow rules' not counted).
        public var perRuleActions: [String: Int] = [:]
        /// Time spent evaluating, with a stopwatch given (`Replayer(stopwatch:)`).
        public var elapsedSeconds = 0.0
        public var eventsPerSecond: Double { elapsedSeconds > 0 ? Double(events) / elapsedSeconds : 0 }

        enum CodingKeys: String, CodingKey {
            case events, badLines = "bad_lines", matches, suppressed, actions, renderFailures = "render_failures", timersFired = "timers_fired"
            case perRule = "per_rule", perRuleConversations = "per_rule_conversations", perRuleActions = "per_rule_actions"
            case elapsedSeconds = "elapsed_seconds", eventsPerSecond = "events_per_second"
        }

        public func encode(to encoder: any Encoder) throws {
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

    public let ruleSet: CompiledRuleSet
    /// Whether each result carries its rules' verdicts too (`explain`); off, nothing extra is done.
    public let explains: Bool
    /// Whether `replay` and `fireTimers` return their results; off (a replay that only
    /// counts), none are made.
    public let returnsResults: Bool
    private var ledger: FiringLedger
    /// What each rule did, by its position in the rule set (no hashing of rule ids per decision).
    private struct RuleTally {
        var matches = 0
        var actions = 0
        var conversations = 0
    }
    private var tallies: [RuleTally]
    private var counts = Report()
    /// The figures so far; the per-rule ones are laid out here, not after every event.
    public var report: Report {
        var report = counts
        for (rule, tally) in zip(ruleSet.source.rules, tallies) {
            report.perRule[rule.id] = tally.matches
            report.perRuleActions[rule.id] = tally.actions
            report.perRuleConversations[rule.id] = tally.conversations
        }
        return report
    }
    /// Lines of the input that were not events.
    public var badLines: Int {
        get { counts.badLines }
        set { counts.badLines = newValue }
    }
    /// Waits armed and not yet come due.
    public var pendingTimers: [TimerRecord] { timers.due(by: .distantFuture) }
    private var timers: TimerQueue
    /// The waits each event starts and ends, worked out in one list's room for them all.
    private var waitChanges = TimerChanges(conversationID: "")
    /// Each conversation's place in `conversations` and `matchedRules`, found once per
    /// event (or given by the caller: `replay(_:numbered:)`).
    private var places = ConversationNumbers()
    /// One conversation as the replay keeps it: as last seen, and what the replayed rules
    /// changed on it (DryRunView's, by place, not by id), laid over each later event and
    /// timer of it. Side by side: an event reads both, and each was a cache miss of its own.
    private struct ConversationState {
        var snapshot: ConversationSnapshot
        var edits = DryRunView.Edits()
    }
    private var conversations: [ConversationState] = []
    /// Per conversation, a bit for each rule that has matched on it (`ruleWords` words), for
    /// the tallies' count of conversations: a bit to test, not a set of ids to hash into.
    private var matchedRules: [UInt64] = []
    private let ruleWords: Int
    /// What the replay is done with, kept for `takeRetired()` to hand to the caller, who
    /// frees it on another core: what holds the events the reader decoded there (freed on
    /// the core whose malloc arena holds them). Evaluations are made and freed here: handed
    /// over too, the other core's frees into this one's arena cost both cores more than
    /// they spared this one (a whole-process replay 18% slower).
    public struct Retired: Sendable {
        /// Snapshots replaced by later ones.
        public fileprivate(set) var snapshots: [ConversationSnapshot] = []
        /// Timers fired, with the events that armed them, when results are not returned.
        public fileprivate(set) var timers: [TimerRecord] = []
        /// Timers ended without firing (cancelled by a later event), with the events that armed them.
        public fileprivate(set) var endedTimers: [TimerRecord] = []
    }

    /// Whether what the replay is done with is kept for `takeRetired()`; off, it is freed at once.
    public let retires: Bool
    private var retired = Retired()
    private var scratch = EvaluationScratch()

    /// Seconds from any fixed start, to time evaluation for the report; without it,
    /// `elapsedSeconds` stays 0. (A closure: a stored clock, a type of the standard
    /// library's that may change layout, was copied and destroyed through its metadata.)
    private let stopwatch: (@Sendable () -> Double)?

    /// `ledger`: once, cooldown and opt-outs as they stand before the first event.
    public init(ruleSet: CompiledRuleSet, ledger: FiringLedger = FiringLedger(), explains: Bool = false, returnsResults: Bool = true,
                retires: Bool = false, stopwatch: (@Sendable () -> Double)? = nil) {
        self.ruleSet = ruleSet
        self.stopwatch = stopwatch
        self.retires = retires
        self.ledger = ledger
        self.explains = explains
        self.returnsResults = returnsResults
        timers = TimerQueue(keepsEnded: retires)
        tallies = Array(repeating: RuleTally(), count: ruleSet.source.rules.count)
        ruleWords = (ruleSet.source.rules.count + 63) / 64
    }

    /// Evaluates one event at its own time, after the timers due before it, and records the
    /// would-be decisions; returns each evaluation (fired timers first, as their own events).
    ///
    /// `numbered`: the event's conversation numbered by the caller's `ConversationNumbers`
    /// (a reader numbers them on its own core); nil to number it here. A replayer is given
    /// numbers from one numbering for every event, or for none.
    public mutating func replay(_ recorded: Event, numbered: ConversationNumbers.Number? = nil) -> [Replayed] {
        var event = recorded
        return replay(&event, numbered: numbered)
    }

    /// `replay(_:numbered:)` with the event laid over in place: on return it is the event as
    /// the rules saw it. An event no one else holds is not copied.
    public mutating func replay(_ event: inout Event, numbered: ConversationNumbers.Number? = nil) -> [Replayed] {
        var results = fireTimers(through: event.time)
        let (place, isNew) = place(of: numbered ?? places.number(of: event.conversation.id), conversation: event.conversation)
        conversations[place].edits.see(&event)
        let start = stopwatch?()
        let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: event.isSentByBot, scratch: &scratch)
        if let stopwatch, let start { counts.elapsedSeconds += stopwatch() - start }
        counts.events += 1
        let verdicts = explains ? ruleSet.explain(event, at: event.time, history: ledger, fromBot: event.isSentByBot) : []
        keep(event.conversation, at: place, replacing: !isNew)
        // The event's own waits first: what the rules do about it may end them at once.
        applyTimers(after: event, fromBot: event.isSentByBot, place: place)
        record(evaluation, at: event.time, place: place)
        if returnsResults { results.append(Replayed(event: event, evaluation: evaluation, verdicts: verdicts)) }
        return results
    }

    /// The conversation's place: its number, with room made for a number not seen before
    /// (its snapshot as this event shows it until `keep` keeps it as the rules saw it). A
    /// numbering that skips numbers (a caller that numbered an event it did not replay)
    /// leaves places no event uses, given the same snapshot: never read, as no timer is
    /// armed there.
    private mutating func place(of number: ConversationNumbers.Number, conversation: ConversationSnapshot) -> (place: Int, isNew: Bool) {
        let place = number.value
        guard place >= conversations.count else { return (place, false) }
        let added = place + 1 - conversations.count
        conversations.append(contentsOf: repeatElement(ConversationState(snapshot: conversation), count: added))
        matchedRules.append(contentsOf: repeatElement(0, count: ruleWords * added))
        return (place, true)
    }

    /// Keeps the conversation as last seen; `replacing` the one a former event kept (not the
    /// stand-in a new place was given).
    private mutating func keep(_ conversation: ConversationSnapshot, at place: Int, replacing: Bool) {
        var replaced = conversation
        swap(&replaced, &conversations[place].snapshot)
        if retires, replacing { retired.snapshots.append(replaced) }
    }

    /// What the replay was done with since the last call (with `retires`), for the caller
    /// to free elsewhere: on the reading core, not the replaying one.
    public mutating func takeRetired() -> Retired {
        var taken = Retired()
        swap(&taken, &retired)
        taken.endedTimers = timers.takeEnded()
        return taken
    }

    /// Arms and cancels the waits an event starts and ends (its own first, then those of the
    /// changes the replayed rules made, as the platform would show them).
    private mutating func applyTimers(after event: Event, fromBot: Bool, place: Int) {
        guard ruleSet.hasTimers else { return }
        let waits = timers.waits(on: event.conversation.id, at: place)
        ruleSet.timerChanges(after: event, fromBot: fromBot, waits: waits, into: &waitChanges)
        timers.apply(&waitChanges, to: waits)
    }

    /// Fires the timers due by `time`, soonest first.
    public mutating func fireTimers(through time: Date) -> [Replayed] {
        var results: [Replayed] = []
        // The queue's places are this replay's: its waits were armed by their conversations' events.
        while let (next, place) = timers.takePlacedNext(dueBy: time) {
            // A timer without the event that armed it has nothing to evaluate.
            guard next.event != nil else { continue }
            let conversation = conversations[place].edits.overlaid(on: conversations[place].snapshot)
            let evaluation = ruleSet.fire(next, conversation: conversation, at: next.dueAt, history: ledger, scratch: &scratch)
            // Explained as it was decided: before the firing is recorded.
            let verdicts = explains ? [ruleSet.explainTimer(next, conversation: conversation, at: next.dueAt, history: ledger)].compactMap { $0 } : []
            counts.timersFired += 1
            record(evaluation, at: next.dueAt, place: place)
            if returnsResults {
                guard let event = ruleSet.firedEvent(next, conversation: conversation, at: next.dueAt) else { continue }
                results.append(Replayed(event: event, evaluation: evaluation, timer: next, verdicts: verdicts))
            } else if retires {
                retired.timers.append(next)
            }
        }
        return results
    }

    /// `place`: the place of the conversation the evaluation was of (every decision's).
    private mutating func record(_ evaluation: Evaluation, at time: Date, place: Int) {
        counts.suppressed += evaluation.suppressed.count
        for decision in evaluation.decisions {
            ledger.record(decision, at: time)
            // What the rules did shows in the conversation later events and timers see.
            if !decision.shadow {
                let seen = conversations[place].edits.overlaid(on: conversations[place].snapshot)
                // Read as they lie: gathered into an array first, each action was copied twice.
                let shown = conversations[place].edits.record(decision.actions.lazy.compactMap(\.action), on: seen, at: time, eventID: decision.eventID)
                for event in shown { applyTimers(after: event, fromBot: event.message != nil, place: place) }
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
            let word = place * ruleWords + decision.ruleIndex >> 6, bit: UInt64 = 1 << (decision.ruleIndex & 63)
            if matchedRules[word] & bit == 0 {
                matchedRules[word] |= bit
                tallies[decision.ruleIndex].conversations += 1
            }
        }
    }
}
