import Foundation

/// What an evaluation saw, kept once and shared by all its decisions' explanations.
final class EvaluationInput: Sendable {
    let event: Event
    let now: Date
    let program: ConditionProgram
    /// The contact's opt-out before this event, looked up only when a condition reads it.
    let optOut: OptOut?

    init(event: Event, now: Date, program: ConditionProgram, history: some EvaluationHistory) {
        self.event = event
        self.now = now
        self.program = program
        optOut = program.readsOptOut ? history.optOut(of: ContactKey.keys(of: event.conversation)) : nil
    }
}
