import Foundation

/// What an evaluation saw, kept once and shared by all its decisions.
final class EvaluationInput: Sendable {
    let event: Event
    let now: Date
    let program: ConditionProgram
    /// The rule set's rules, where each decision finds its own.
    let rules: [CompiledRule]
    /// The contact's opt-out before this event, looked up only when a condition reads it.
    let optOut: OptOut?

    init(event: Event, now: Date, ruleSet: CompiledRuleSet, history: some EvaluationHistory) {
        self.event = event
        self.now = now
        let program = ruleSet.program
        self.program = program
        rules = ruleSet.rules
        // The contact's keys are worked out only when some contact has opted out.
        optOut = program.readsOptOut && history.hasOptOuts ? history.optOut(of: ContactKey.keys(of: event.conversation)) : nil
    }

    /// The original text of a source, or nil when the event lacks it or it is empty. Here,
    /// not on `EvaluationContext`: a call on the context was handed a copy of all of it.
    func text(_ source: ConditionProgram.Source, property: Int) -> String? {
        let text: String? = switch source {
        case .body: event.message?.body
        case .contactName: event.conversation.contact.name
        case .contactPhone: event.conversation.contact.phone
        case .contactProperty: event.conversation.contact.properties[program.propertyNames[property]]
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// Whether WhatsApp's 24-hour customer-service window is open: the customer wrote less
    /// than 24 hours ago.
    var serviceWindowIsOpen: Bool {
        ServiceWindow.isOpen(event.conversation, at: now)
    }
}
