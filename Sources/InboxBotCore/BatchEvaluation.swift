/// What evaluating a batch of events gave: what to commit, and each processed event (as the
/// evaluation saw it) with its audit, for the pipeline's observer.
public struct BatchEvaluation: Sendable {
    public var completions: [EventCompletion]
    public var processed: [(event: Event, audit: [AuditRecord])]

    public init(completions: [EventCompletion] = [], processed: [(event: Event, audit: [AuditRecord])] = []) {
        self.completions = completions
        self.processed = processed
    }
}
