import Foundation

/// What evaluation needs to know of the past, which the worker keeps durably: when each
/// rule last acted (per conversation, or per contact), which contacts opted out, and when
/// automated sends last went to each contact (for `send_limit`).
public protocol EvaluationHistory {
    /// When the rule last acted in this scope: a conversation id, or a `FiringPolicy.Scope` key.
    func lastFiring(rule: String, scope: String) -> Date?
    /// The opt-out under any of the contact's keys, or nil when it has none.
    func optOut(of contactKeys: [String]) -> OptOut?
    /// When automated sends went to the contact (the worker reads the last two days).
    func sendTimes(to contactKey: String) -> [Date]
    /// False when no contact the evaluation may meet has opted out: the send guard then has
    /// nothing to look up.
    var hasOptOuts: Bool { get }
}
