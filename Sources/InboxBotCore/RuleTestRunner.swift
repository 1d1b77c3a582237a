import Foundation

/// Runs a rule test on its virtual clock: each event happens to a simulated
/// conversation, is evaluated as the worker would (once and cooldown kept, shadow rules
/// reporting only), and the rules' actions change the conversation in turn; the bot's own
/// sends come back as events that only `own_messages` rules see. Timed rules' waits are
/// armed and cancelled by the events, and fire on the virtual clock, with the rule's
/// conditions checked again at that time. Pure: no clock, no I/O.
public struct RuleTestRunner: Sendable {
    /// Sends echoing into sends stop here: a rule answering its own messages would loop.
    public static let echoDepthLimit = 5

    public let ruleSet: CompiledRuleSet

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
    }

    /// One evaluation in the run, kept to explain a failure.
    struct Evaluated {
        let offset: Int
        let event: Event
        let fromBot: Bool
        let history: FiringLedger
        /// Set when a timer fired, rather than an event arriving.
        var timer: TimerRecord?
    }

    public func run(_ test: RuleTest) -> RuleTestResult {
        var run = Run(ruleSet: ruleSet, start: test.start, conversation: SimulatedConversation(test.conversation))
        for (index, step) in test.steps.enumerated().sorted(by: { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }) {
            var event = step.event
            if event.id.isEmpty { event.id = "e\(index + 1)" }
            event.time = test.start.addingTimeInterval(TimeInterval(step.offset))
            if let change = step.change { run.conversation.change(change, at: event.time) }
            run.fireTimers(through: event.time)
            event.conversation = run.conversation.snapshot
            run.process(run.conversation.record(event), offset: step.offset, fromBot: event.isSentByBot, depth: 0)
        }
        let end = max(test.until ?? 0, test.steps.map(\.offset).max() ?? 0)
        run.fireTimers(through: test.start.addingTimeInterval(TimeInterval(end)))
        return compare(test, run)
    }

    struct Run {
        let ruleSet: CompiledRuleSet
        let start: Date
        var conversation: SimulatedConversation
        var ledger = FiringLedger()
        var taken: [RuleTestResult.Taken] = []
        var evaluated: [Evaluated] = []
        var timers = TimerQueue()

        mutating func process(_ event: Event, offset: Int, fromBot: Bool, depth: Int) {
            evaluated.append(Evaluated(offset: offset, event: event, fromBot: fromBot, history: ledger))
            let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: fromBot)
            // The event's own waits first: the bot's reply to it may end them at once.
            timers.apply(ruleSet.timerChanges(after: event, fromBot: fromBot))
            act(on: evaluation, event: event, offset: offset, depth: depth)
        }

        /// Fires the timers due by `time`, soonest first; what they do may arm or cancel others.
        mutating func fireTimers(through time: Date) {
            while let next = timers.takeNext(dueBy: time) {
                guard let event = ruleSet.firedEvent(next, conversation: conversation.snapshot, at: next.dueAt) else { continue }
                let offset = next.dueAt.timeIntervalSince(start).rounded().clampedInt()
                evaluated.append(Evaluated(offset: offset, event: event, fromBot: false, history: ledger, timer: next))
                act(on: ruleSet.fire(next, conversation: conversation.snapshot, at: next.dueAt, history: ledger), event: event, offset: offset, depth: 0)
            }
        }

        mutating func act(on evaluation: Evaluation, event: Event, offset: Int, depth: Int) {
            for decision in evaluation.decisions {
                ledger.record(decision, at: event.time)
                guard !decision.shadow else { continue }
                // What the send guard withheld is not taken: a test expects no send to an opted-out contact.
                let carriedOut = decision.actions.filter { $0.withheld == nil }
                guard !carriedOut.isEmpty else { continue }
                taken.append(RuleTestResult.Taken(offset: offset, ruleID: decision.ruleID, eventID: event.id, actions: carriedOut.map(\.summary),
                                                  picked: Array(repeating: nil, count: carriedOut.count)))
                let entry = taken.count - 1
                for (position, planned) in carriedOut.enumerated() {
                    guard let action = planned.action,
                          let echo = conversation.apply(action, at: event.time, eventID: "\(event.id)/\(decision.ruleID)/\(planned.index)")
                    else { continue }
                    switch action {
                    case .assignRoundRobin, .assignFromPool: taken[entry].picked[position] = echo.conversation.assignee
                    default: break
                    }
                    guard depth < RuleTestRunner.echoDepthLimit else { continue }
                    // Like the worker: the bot's own messages are recognised as its own; its
                    // assignments and tags come back as ordinary conversation events.
                    process(echo, offset: offset, fromBot: echo.message != nil, depth: depth + 1)
                }
            }
        }
    }

    /// Matches the expected actions with those taken; what is left over on either side is the diff.
    func compare(_ test: RuleTest, _ run: Run) -> RuleTestResult {
        var unmatched = run.taken
        var missing: [RuleTestResult.Expected] = []
        for expectation in test.expected {
            // Rendered for the event it should answer, so placeholders may be used.
            let event = run.evaluated.last { expectation.offset == nil || $0.offset <= expectation.offset ?? 0 }?.event
            let actions = expectation.anyActions ? ["acts (any actions)"] : expectation.actions.enumerated().map { index, action in
                event.map { PlannedAction(index: index, result: action.render(for: $0, ruleID: expectation.ruleID ?? "test")).summary }
                    ?? action.kind.keyword
            }
            let found = unmatched.firstIndex { taken in
                (expectation.offset == nil || expectation.offset == taken.offset)
                    && (expectation.ruleID == nil || expectation.ruleID == taken.ruleID) && (expectation.anyActions || taken.matches(actions))
            }
            if let found {
                unmatched.remove(at: found)
            } else {
                missing.append(RuleTestResult.Expected(offset: expectation.offset, ruleID: expectation.ruleID, actions: actions, location: expectation.location))
            }
        }
        let passed = missing.isEmpty && unmatched.isEmpty
        return RuleTestResult(name: test.name, location: test.location, passed: passed, taken: run.taken, missing: missing, unexpected: unmatched,
                              explanation: passed ? [] : explanation(missing: missing, unexpected: unmatched, run))
    }

    /// What the rules involved made of the events involved.
    func explanation(missing: [RuleTestResult.Expected], unexpected: [RuleTestResult.Taken], _ run: Run) -> [String] {
        let anyRule = missing.contains { $0.ruleID == nil }
        let rules = Set(missing.compactMap(\.ruleID) + unexpected.map(\.ruleID))
        let offsets = Set(missing.compactMap(\.offset) + unexpected.map(\.offset))
        let anyTime = missing.contains { $0.offset == nil }
        var lines: [String] = []
        // Every firing of an involved rule's timers is shown too: a wait that ended early or late explains itself.
        for evaluated in run.evaluated
        where anyTime || offsets.contains(evaluated.offset) || evaluated.timer.map({ rules.contains($0.ruleID) }) == true {
            if let timer = evaluated.timer {
                guard anyRule || rules.contains(timer.ruleID),
                      let verdict = ruleSet.explainTimer(timer, conversation: evaluated.event.conversation, at: evaluated.event.time, history: evaluated.history)
                else { continue }
                lines.append("at \(RuleTestResult.format(offset: evaluated.offset)): the \(timer.kind) wait of rule \(timer.ruleID) came due (armed at +\(TimeSpan(seconds: timer.armedAt.timeIntervalSince(run.start).clampedInt(to: 0...Int.max))))")
                lines += verdict.lines(indent: "  ")
                continue
            }
            let verdicts = ruleSet.explain(evaluated.event, at: evaluated.event.time, history: evaluated.history, fromBot: evaluated.fromBot)
                .filter { anyRule ? $0.outcome.ranOnEvent : rules.contains($0.ruleID) }
            guard verdicts.contains(where: { $0.outcome.ranOnEvent }) else { continue }
            let who = evaluated.fromBot ? " (the bot's own)" : ""
            lines.append("at \(RuleTestResult.format(offset: evaluated.offset)): \(evaluated.event.type.rawValue) \(evaluated.event.id)\(who)")
            lines += verdicts.flatMap { $0.lines(indent: "  ") }
        }
        if lines.isEmpty {
            let times = offsets.sorted().map(RuleTestResult.format(offset:)).joined(separator: ", ")
            lines.append("nothing happened at \(times): no event, and no timer of \(rules.sorted().joined(separator: ", ")) came due")
        }
        return lines
    }
}
