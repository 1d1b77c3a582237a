import Foundation

/// The guard on automated sends, whatever the rules say: nothing goes to a contact that
/// opted out, and with `send_limit`, no more than so many a day to one contact. It walks one
/// evaluation's decisions in rule order, so that a rule's `opt_out` (or send) counts for the
/// actions and rules after it; the worker's executor checks opt-outs again before sending.
struct SendGuard {
    /// Opt-outs (true) and opt-ins (false) made earlier in this evaluation, by contact key.
    private var changedNow: [String: Bool] = [:]
    /// Sends let through earlier in this evaluation, by the recipient's primary key.
    private var sentNow: [String: Int] = [:]
    /// The contact's keys, worked out at the first decision that needs them: an
    /// evaluation's decisions are all about one conversation (kept with its id, to be sure).
    private var contactKeys: (conversationID: String, keys: [String])?

    /// The actions with those the guard keeps back marked `withheld`. A shadow decision is
    /// checked the same way but changes nothing for the rules after it.
    /// The contact is the conversation's in `conversation` (the event's, or a timer's read now).
    mutating func check(_ actions: [PlannedAction], of rule: CompiledRule, in conversation: ConversationSnapshot, shadow: Bool, now: Date,
                        ruleSet: CompiledRuleSet, history: some EvaluationHistory) -> [PlannedAction] {
        guard mayWithhold(of: rule, ruleSet: ruleSet, history: history) else { return actions }
        let contactKeys = keys(of: conversation)
        var checked = actions
        for position in checked.indices {
            guard case .success(let action) = checked[position].result else { continue }
            switch action {
            case .optOut, .optIn:
                if !shadow { for key in contactKeys { changedNow[key] = action == .optOut } }
            default:
                guard let keys = action.recipientKeys(contactKeys: contactKeys), let primary = keys.first else { continue }
                if let withheld = withholding(keys: keys, primary: primary, now: now, ruleSet: ruleSet, history: history) {
                    checked[position].withheld = withheld
                } else if !shadow, ruleSet.limitsSends {
                    sentNow[primary, default: 0] += 1
                }
            }
        }
        return checked
    }

    /// Whether `check` may change anything of the rule's actions. Nothing to guard is the
    /// common case: no opt-out known or made, and no send limit.
    @inline(__always)
    func mayWithhold(of rule: CompiledRule, ruleSet: CompiledRuleSet, history: some EvaluationHistory) -> Bool {
        rule.changesOptOuts || mayWithholdSends(historyHasOptOuts: history.hasOptOuts, ruleSet: ruleSet)
    }

    /// Whether `check` may withhold a send of a rule that opts no one out or in: an opt-out
    /// known (`historyHasOptOuts`, asked once per evaluation) or made, or a send limit.
    @inline(__always)
    func mayWithholdSends(historyHasOptOuts: Bool, ruleSet: CompiledRuleSet) -> Bool {
        historyHasOptOuts || !changedNow.isEmpty || ruleSet.limitsSends
    }

    private mutating func keys(of conversation: ConversationSnapshot) -> [String] {
        if let known = contactKeys, known.conversationID == conversation.id { return known.keys }
        let keys = ContactKey.keys(of: conversation)
        contactKeys = (conversation.id, keys)
        return keys
    }

    private func withholding(keys: [String], primary: String, now: Date, ruleSet: CompiledRuleSet, history: some EvaluationHistory) -> Withholding? {
        if let changed = keys.lazy.compactMap({ changedNow[$0] }).first {
            if changed { return .optedOut(at: nil) }
        } else if let optOut = history.optOut(of: keys) {
            return .optedOut(at: optOut.at)
        }
        guard let limit = ruleSet.source.sendLimit else { return nil }
        let today = ruleSet.civilDay(of: now, calendar: limit.calendar)
        let earlier = history.sendTimes(to: primary).count { ruleSet.civilDay(of: $0, calendar: limit.calendar) == today }
        return earlier + sentNow[primary, default: 0] >= limit.perContactPerDay ? .sendLimit(limit: limit.perContactPerDay, day: today.daysSinceEpoch) : nil
    }
}
