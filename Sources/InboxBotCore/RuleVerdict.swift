import Foundation

/// What one rule made of one event, for `inboxbot explain` and failing rule tests: whether
/// it was triggered, each condition with the value it saw, and why it did or did not act.
public struct RuleVerdict: Sendable {
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        case acted
        /// It matched, but it is in shadow mode: it reports, never acts.
        case shadow
        case notTriggered
        /// A time-based rule, not run by the event itself: what the event does to its waits.
        case timed(waits: String)
        case disabled
        /// The event is the bot's own, and the rule has no `own_messages: true`.
        case ownMessage
        case conditionsFailed
        /// It matched, but `once` or `cooldown` held it back.
        case suppressed(Suppression.Reason)
        /// An earlier rule acted with `stop: true`.
        case stopped(by: String)

        public var description: String {
            switch self {
            case .acted: "acted"
            case .shadow: "matched, but shadow mode: would act, does not"
            case .notTriggered: "not triggered by this event type"
            case .timed(let waits): "time-based: runs when its wait comes due, not on this event; \(waits)"
            case .disabled: "disabled (enabled: false)"
            case .ownMessage: "skipped: the bot's own message, and the rule has no own_messages: true"
            case .conditionsFailed: "conditions not met"
            case .suppressed(let reason): "matched, but held back by \(reason)"
            case .stopped(let rule): "not evaluated: rule '\(rule)' acted first with stop: true"
            }
        }

        /// Whether the event itself ran the rule (false for a rule it does not trigger).
        public var ranOnEvent: Bool {
            switch self {
            case .notTriggered, .timed: false
            default: true
            }
        }

        /// Whether the rule decided to act (in shadow mode, would have).
        public var decided: Bool {
            switch self {
            case .acted, .shadow: true
            default: false
            }
        }
    }

    public let ruleID: String
    public let outcome: Outcome
    /// Every condition, whether it held, and the value it saw.
    public let conditions: ConditionTrace
    /// The rule's actions rendered for this event: what it did, or would have done.
    public let actions: [PlannedAction]

    /// Indented lines, as `inboxbot explain` prints them.
    public func lines(indent: String = "") -> [String] {
        let mark = outcome.decided ? "●" : "○"
        var lines = ["\(indent)\(mark) \(ruleID): \(outcome)"]
        switch outcome {
        case .notTriggered, .timed, .disabled, .stopped: return lines
        default: break
        }
        lines += conditions.lines(indent: indent + "    ")
        let verb = outcome == .acted ? "actions" : "would"
        lines += actions.map { "\(indent)    \(verb): \($0.summary)" }
        return lines
    }
}
