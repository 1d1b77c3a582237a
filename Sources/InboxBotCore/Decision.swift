import Foundation

/// The outcome of evaluating one event: what rules decided to do, and which matching
/// rules held back and why.
public struct Evaluation: Sendable {
    public var decisions: [Decision]
    public var suppressed: [Suppression]

    public init(decisions: [Decision] = [], suppressed: [Suppression] = []) {
        self.decisions = decisions
        self.suppressed = suppressed
    }
}

/// A rule that matched an event and decided to act (or, in shadow mode, would have).
public struct Decision: Sendable {
    public let ruleID: String
    /// Position of the rule in the rule set, in file order.
    public let ruleIndex: Int
    public let eventID: String
    public let conversationID: String
    /// Shadow-mode decisions are reported but never carried out.
    public let shadow: Bool
    /// Whether the rule has `once` or `cooldown`, and so needs this firing remembered.
    public let limitsFiring: Bool
    public let actions: [PlannedAction]
    let explainer: RuleExplainer

    /// For every condition of the rule: whether it held and the value it saw.
    public var explanation: ConditionTrace { explainer.trace() }

    /// One line, as `replay --decisions` prints it: "evt-1 c-1 vip-routing: assign to sara@acme.sa; tag routed".
    public var line: String {
        "\(eventID) \(conversationID) \(ruleID)\(shadow ? " (shadow)" : ""): " + actions.map(\.summary).joined(separator: "; ")
    }
}

/// One action of a decision, rendered from the event, or the reason it could not be.
public struct PlannedAction: Sendable, Hashable {
    /// Position of the action in the rule's `then:`; part of its idempotency key.
    public let index: Int
    public let result: Result<RenderedAction, RenderError>

    public init(index: Int, result: Result<RenderedAction, RenderError>) {
        self.index = index
        self.result = result
    }

    /// A line a person can read: "assign to sara@acme.sa", or why it failed to render.
    public var summary: String {
        switch result {
        case .success(let action): action.summary
        case .failure(let error): "cannot render action \(index + 1): \(error.message)"
        }
    }
}

/// A matching rule that did not act on this event.
public struct Suppression: Sendable, Hashable {
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// `once: true` and it already acted on the conversation at this time.
        case once(firedAt: Date)
        /// Still cooling down until this time.
        case cooldown(until: Date)

        public var description: String {
            switch self {
            case .once(let firedAt): "once: already acted on this conversation at \(Timestamp.format(firedAt))"
            case .cooldown(let until): "cooldown: may act again on this conversation at \(Timestamp.format(until))"
            }
        }
    }

    public let ruleID: String
    public let reason: Reason
}

/// When each rule last acted on each conversation; the worker keeps it durably.
public protocol FiringHistory {
    func lastFiring(rule: String, conversation: String) -> Date?
}

/// An in-memory firing history, for replay, tests and dry runs.
public struct FiringLedger: FiringHistory, Sendable {
    private var fired: [String: [String: Date]] = [:]

    public init() {}

    public func lastFiring(rule: String, conversation: String) -> Date? {
        fired[rule]?[conversation]
    }

    /// Remembers a firing; only rules with `once` or `cooldown` ever ask, so only theirs are kept.
    public mutating func record(_ decision: Decision, at time: Date) {
        guard !decision.shadow, decision.limitsFiring else { return }
        fired[decision.ruleID, default: [:]][decision.conversationID] = time
    }
}
