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
    private var ledger: FiringLedger
    private var conversationsPerRule: [String: Set<String>] = [:]
    private var counts = Report()
    /// The figures so far; conversations per rule are counted here, not after every event.
    var report: Report {
        get {
            var report = counts
            report.perRuleConversations = conversationsPerRule.mapValues(\.count)
            return report
        }
        set { counts = newValue }
    }
    /// Waits armed and not yet come due.
    var pendingTimers: [TimerRecord] { timers.due(by: .distantFuture) }
    private var timers = TimerQueue()
    /// Each conversation as last seen, and what the replayed rules changed on it.
    private var conversations: [String: ConversationSnapshot] = [:]
    private var view = DryRunView()

    /// `ledger`: once, cooldown and opt-outs as they stand before the first event.
    init(ruleSet: CompiledRuleSet, ledger: FiringLedger = FiringLedger(), explains: Bool = false) {
        self.ruleSet = ruleSet
        self.ledger = ledger
        self.explains = explains
        for rule in ruleSet.source.rules {
            counts.perRule[rule.id] = 0
            counts.perRuleActions[rule.id] = 0
        }
    }

    /// Evaluates one event at its own time, after the timers due before it, and records the
    /// would-be decisions; returns each evaluation (fired timers first, as their own events).
    mutating func replay(_ recorded: Event) -> [Replayed] {
        var results = fireTimers(through: recorded.time)
        let event = view.seen(recorded)
        let start = ContinuousClock.now
        let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: event.isSentByBot)
        let elapsed = ContinuousClock.now - start
        counts.elapsedSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        counts.events += 1
        let verdicts = explains ? ruleSet.explain(event, at: event.time, history: ledger, fromBot: event.isSentByBot) : []
        conversations[event.conversation.id] = event.conversation
        // The event's own waits first: what the rules do about it may end them at once.
        applyTimers(after: event, fromBot: event.isSentByBot)
        record(evaluation, at: event.time)
        results.append(Replayed(event: event, evaluation: evaluation, verdicts: verdicts))
        return results
    }

    /// Arms and cancels the waits an event starts and ends (its own first, then those of the
    /// changes the replayed rules made, as the platform would show them).
    private mutating func applyTimers(after event: Event, fromBot: Bool) {
        guard ruleSet.hasTimers else { return }
        timers.apply(ruleSet.timerChanges(after: event, fromBot: fromBot))
    }

    /// Fires the timers due by `time`, soonest first.
    mutating func fireTimers(through time: Date) -> [Replayed] {
        var results: [Replayed] = []
        while let next = timers.takeNext(dueBy: time) {
            guard let conversation = (conversations[next.conversationID] ?? next.event?.conversation).map({ view.conversation($0) }),
                  let event = ruleSet.firedEvent(next, conversation: conversation, at: next.dueAt)
            else { continue }
            let evaluation = ruleSet.fire(next, conversation: conversation, at: next.dueAt, history: ledger)
            let verdicts = explains ? [ruleSet.explainTimer(next, conversation: conversation, at: next.dueAt, history: ledger)].compactMap { $0 } : []
            counts.timersFired += 1
            record(evaluation, at: next.dueAt)
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
                let actions = decision.actions.compactMap { $0.withheld == nil ? try? $0.result.get() : nil }
                let shown = view.record(actions, on: view.conversation(seen), at: time, eventID: decision.eventID)
                for event in shown { applyTimers(after: event, fromBot: event.message != nil) }
            }
            counts.matches += 1
            counts.perRule[decision.ruleID, default: 0] += 1
            conversationsPerRule[decision.ruleID, default: []].insert(decision.conversationID)
            for action in decision.actions {
                if case .failure = action.result {
                    counts.renderFailures += 1
                } else if !decision.shadow {
                    counts.actions += 1
                    counts.perRuleActions[decision.ruleID, default: 0] += 1
                }
            }
        }
    }

    /// The events of a JSON Lines file. A blank line is skipped; a malformed one is
    /// reported with its 1-based number, and reading goes on.
    static func events(lines data: Data, badLine: (_ number: Int, _ reason: String) -> Void) -> [Event] {
        var events: [Event] = []
        EventLines.forEach(in: data) { number, line in
            switch event(line: line) {
            case .success(let event)?: events.append(event)
            case .failure(let problem)?: badLine(number, problem.reason)
            case nil: break
            }
        }
        return events
    }

    struct BadLine: Error {
        var reason: String
    }

    /// One line's event, or why it is not one; nil for a blank line. The form's fast
    /// decoder first; JSONDecoder for what it leaves, which also words the error.
    static func event(line: UnsafeRawBufferPointer) -> Result<Event, BadLine>? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        if let event = EventLineDecoder.decode(line) { return .success(event) }
        do {
            return .success(try JSONDecoder().decode(Event.self, from: Data(line)))
        } catch {
            return .failure(BadLine(reason: describe(error)))
        }
    }

    /// A one-line reason for a line that does not decode.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            // An unknown key's message already names it.
            return context.debugDescription.hasPrefix("unknown key") ? context.debugDescription : context.debugDescription + path(context)
        case .keyNotFound(let key, let context):
            return context.debugDescription.isEmpty || context.debugDescription.hasPrefix("No value")
                ? "missing '\(key.stringValue)'\(path(context))" : context.debugDescription + path(context)
        case .typeMismatch(let type, let context):
            return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type), found null\(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
