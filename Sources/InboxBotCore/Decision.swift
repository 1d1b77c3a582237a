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
    /// Where the firing is remembered: the conversation's id, or the contact's scope key.
    public let firingScope: String
    /// Every key the conversation's contact is known by, for its opt-out.
    public let contactKeys: [String]
    public let actions: [PlannedAction]
    let explainer: RuleExplainer

    /// For every condition of the rule: whether it held and the value it saw.
    public var explanation: ConditionTrace { explainer.trace() }

    /// What the decision's actions change about contacts: opt-outs and opt-ins, and the
    /// sends that count toward `send_limit`. Withheld and unrendered actions change nothing.
    public func contactChanges(at time: Date) -> [ContactChange] {
        var changes: [ContactChange] = []
        for planned in actions {
            guard case .success(let action) = planned.result, planned.withheld == nil else { continue }
            switch action {
            case .optOut: changes.append(.optOut(keys: contactKeys, OptOut(at: time, eventID: eventID, ruleID: ruleID)))
            case .optIn: changes.append(.optIn(keys: contactKeys))
            default:
                if let key = action.recipientKeys(contactKeys: contactKeys)?.first { changes.append(.sent(key: key, at: time)) }
            }
        }
        return changes
    }

    /// One line, as `replay --decisions` prints it: "evt-1 c-1 vip-routing: assign to sara@acme.sa; tag routed".
    public var line: String {
        "\(eventID) \(conversationID) \(ruleID)\(shadow ? " (shadow)" : ""): " + actions.map(\.summary).joined(separator: "; ")
    }
}
