import Foundation

/// A rule that matched an event and decided to act (or, in shadow mode, would have).
public struct Decision: Sendable {
    /// The event and the rules, shared by every decision of the evaluation. What a decision
    /// says about its rule or its event is read from here, so that a decision (one per match)
    /// holds one reference, and its actions only when they are its own: each reference
    /// held is counted again every time a decision is copied, and once more when it is freed.
    let input: EvaluationInput
    /// Where the rule is in the rule set's list (`input.rules`).
    let position: Int
    /// The actions when they are not the rule's own list (`CompiledRule.plannedOnce`): some
    /// were rendered for this event, or the send guard withheld some.
    private let ownActions: [PlannedAction]?
    /// What every reader of a decision asks of it first, kept in it (in room it has anyway):
    /// read from its rule, each question was a cache miss.
    let traits: Traits

    /// Facts of the rule and the rule set that say what is done with a decision.
    struct Traits: OptionSet, Sendable {
        let rawValue: UInt8
        static let shadow = Traits(rawValue: 1)
        /// The rule has `once` or `cooldown`.
        static let limitsFiring = Traits(rawValue: 2)
        /// The rule opts contacts out or in.
        static let changesOptOuts = Traits(rawValue: 4)
        /// Its sends are counted: the rule set has `send_limit`.
        static let countsSends = Traits(rawValue: 8)
    }

    init(input: EvaluationInput, position: Int, ownActions: [PlannedAction]?, traits: Traits) {
        self.input = input
        self.position = position
        self.ownActions = ownActions
        self.traits = traits
    }

    /// The rule's actions rendered for the event, each with the reason it was withheld, if it was.
    public var actions: [PlannedAction] { ownActions ?? rule.plannedOnce }

    var rule: CompiledRule { input.rules[position] }
    public var ruleID: String { rule.rule.id }
    /// Position of the rule in the rule set, in file order.
    public var ruleIndex: Int { rule.index }
    public var eventID: String { input.event.id }
    public var conversationID: String { input.event.conversation.id }
    /// Shadow-mode decisions are reported but never carried out.
    public var shadow: Bool { traits.contains(.shadow) }
    /// Whether the rule has `once` or `cooldown`, and so needs this firing remembered.
    public var limitsFiring: Bool { traits.contains(.limitsFiring) }
    /// Whether its rule opts contacts out or in.
    var changesOptOuts: Bool { traits.contains(.changesOptOuts) }
    var countsSends: Bool { traits.contains(.countsSends) }
    /// Whether recording it changes a history: not shadow, and it fires a rule with `once` or
    /// `cooldown`, opts contacts out or in, or counts sends. Most decisions record nothing.
    var changesHistory: Bool {
        !traits.contains(.shadow) && !traits.isDisjoint(with: [.limitsFiring, .changesOptOuts, .countsSends])
    }

    /// For every condition of the rule: whether it held and the value it saw.
    public var explanation: ConditionTrace { RuleExplainer(rule: rule, input: input).trace() }

    /// Where the firing is remembered: the conversation's id, or the contact's scope key.
    /// Worked out when asked (only rules with `once` or `cooldown` ask), from what the
    /// decision keeps anyway, so that it carries nothing more.
    public var firingScope: String { rule.rule.policy.firingScope(of: input.event.conversation) }

    /// Every key the conversation's contact is known by, for its opt-out.
    public var contactKeys: [String] { ContactKey.keys(of: input.event.conversation) }

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
