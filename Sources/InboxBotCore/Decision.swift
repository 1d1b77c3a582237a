import Foundation

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
