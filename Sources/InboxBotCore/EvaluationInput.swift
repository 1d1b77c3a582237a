import Foundation

/// What an evaluation saw, kept once and shared by all its decisions' explanations.
final class EvaluationInput: Sendable {
    let event: Event
    let now: Date
    let program: ConditionProgram

    init(event: Event, now: Date, program: ConditionProgram) {
        self.event = event
        self.now = now
        self.program = program
    }
}
