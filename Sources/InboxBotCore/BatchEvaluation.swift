/// What evaluating a batch of events gave: each event evaluated (as the evaluation saw it)
/// with what to commit for it. Events left waiting are not in it.
public struct BatchEvaluation: Sendable {
    public var evaluated: [(event: Event, completion: EventCompletion)]

    public init(evaluated: [(event: Event, completion: EventCompletion)] = []) {
        self.evaluated = evaluated
    }

    /// What to commit, in the order evaluated.
    public var completions: [EventCompletion] { evaluated.map { $0.completion } }
}
