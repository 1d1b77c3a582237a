import Foundation
import InboxBotCore

extension Pipeline {
    /// What became of an admitted event: whether it is new, and, when it was evaluated at its
    /// admission, the event as evaluated with what was committed for it.
    public struct Admission: Sendable {
        public var isNew: Bool
        public var processed: (event: Event, completion: EventCompletion)?

        public init(isNew: Bool, processed: (event: Event, completion: EventCompletion)? = nil) {
            self.isNew = isNew
            self.processed = processed
        }
    }

    /// Admits events into `store` and, when they are all that is pending, evaluates them in the
    /// admission's own transaction, as a pass would, after any pass under way. Otherwise
    /// (earlier events pending, an outbound message that may be an echo of the bot's send, or
    /// a store that cannot) the new events wait for the next pass.
    public func admit(_ events: [Event], into store: any StateStore, source: String) async throws -> [Admission] {
        // Waiting for a pass (the store's reads and one write) rather than leaving the events to
        // the next: at a steady rate that would mean a pass, and a read and a write, per event.
        await passes.enter()
        defer { passes.leave() }
        let now = clock.now()
        let ruleSet = await rules.current
        let evaluating = AdmissionEvaluation(ruleSet: ruleSet, budgetSince: budgetSince(at: now)) { [self] batch in
            // Telling an echo needs the outbox's sends (`processPending`).
            guard !batch.events.contains(where: { $0.message?.direction == .outbound && !$0.isSentByBot }) else { return nil }
            return evaluate(batch, ruleSet: ruleSet, own: [], acting: [], at: now)
        }
        let (admitted, evaluation) = try await store.admit(events, source: source, at: now, evaluating: evaluating)
        guard let evaluation else { return admitted.map { Admission(isNew: $0) } }
        let processed = Dictionary(evaluation.evaluated.map { ($0.completion.eventID, $0) }) { first, _ in first }
        return zip(events, admitted).map { event, isNew in Admission(isNew: isNew, processed: isNew ? processed[event.id] : nil) }
    }

    /// Tells the observer of an event evaluated at its admission, as a pass tells it of its own.
    public func observe(_ event: Event, audit: [AuditRecord]) async {
        await observer?(event, audit)
    }
}
