import Foundation

/// A rule that matched an event and decided to act (or, in shadow mode, would have).
public struct Decision: Sendable {
    public let actions: [PlannedAction]
    /// The rule and the event, kept for the explanation. What a decision says about either
    /// is read from here, so that a decision (one per match) holds two references and its
    /// actions, and copies no strings.
    let explainer: RuleExplainer
    /// Whether its sends are counted: the rule set has `send_limit`.
    let countsSends: Bool

    public var ruleID: String { explainer.rule.rule.id }
    /// Position of the rule in the rule set, in file order.
    public var ruleIndex: Int { explainer.rule.index }
    public var eventID: String { explainer.input.event.id }
    public var conversationID: String { explainer.input.event.conversation.id }
    /// Shadow-mode decisions are reported but never carried out.
    public var shadow: Bool { explainer.rule.rule.policy.shadow }
    /// Whether the rule has `once` or `cooldown`, and so needs this firing remembered.
    public var limitsFiring: Bool { explainer.rule.rule.policy.limitsFiring }
    /// Whether its rule opts contacts out or in.
    var changesOptOuts: Bool { explainer.rule.changesOptOuts }

    /// For every condition of the rule: whether it held and the value it saw.
    public var explanation: ConditionTrace { explainer.trace() }

    /// Where the firing is remembered: the conversation's id, or the contact's scope key.
    /// Worked out when asked (only rules with `once` or `cooldown` ask), from what the
    /// explanation keeps anyway, so that a decision carries nothing more.
    public var firingScope: String { explainer.rule.rule.policy.firingScope(of: explainer.input.event.conversation) }

    /// Every key the conversation's contact is known by, for its opt-out.
    public var contactKeys: [String] { ContactKey.keys(of: explainer.input.event.conversation) }

    /// What the decision's actions change about contacts: opt-outs and opt-ins, and (with
    /// `send_limit`) the sends it counts. Withheld and unrendered actions change nothing.
    public func contactChanges(at time: Date) -> [ContactChange] {
        guard changesOptOuts || countsSends else { return [] }
        var changes: [ContactChange] = []
        let contactKeys = self.contactKeys
        for planned in actions {
            guard case .success(let action) = planned.result, planned.withheld == nil else { continue }
            switch action {
            case .optOut: changes.append(.optOut(keys: contactKeys, OptOut(at: time, eventID: eventID, ruleID: ruleID)))
            case .optIn: changes.append(.optIn(keys: contactKeys))
            default:
                if countsSends, let key = action.recipientKeys(contactKeys: contactKeys)?.first { changes.append(.sent(key: key, at: time)) }
            }
        }
        return changes
    }

    /// One line, as `replay --decisions` prints it: "evt-1 c-1 vip-routing: assign to sara@acme.sa; tag routed"
    /// (a timer's as "timer(idle) c-1 …").
    public var line: String {
        "\(TimerRecord.readable(eventID: eventID)) \(conversationID) \(ruleID)\(shadow ? " (shadow)" : ""): " + actions.map(\.summary).joined(separator: "; ")
    }
}
