import Foundation
import InboxBotCore
import InboxBotWorker
import Metrics

/// The durable event queue: the state store's inbox. `enqueue` returns once the event is
/// committed to disk, so a webhook answers 2xx only then; an event seen before (by the
/// other source, or before a restart) is dropped here by its id.
public struct StoreEventQueue: EventQueue {
    let store: any StateStore
    let source: String
    let onAdmitted: (@Sendable (Event, Bool) async -> Void)?
    /// Wakes the pipeline when a new event is in.
    let signal: WorkSignal?
    /// With a pipeline, events are evaluated as they are admitted when nothing else is pending
    /// (`Pipeline.admit`), and `outbox` is woken when they queue actions.
    let pipeline: Pipeline?
    let outbox: WorkSignal?
    /// Told when the store cannot take an event (a full disk) and when it can again.
    let readiness: Readiness?
    /// Webhooks arriving together are admitted in one transaction.
    let commits: GroupCommit<Event, Pipeline.Admission>
    let admitSeconds: Double

    /// `admitSeconds`: how long a delivery waits to be stored before it is refused (the
    /// platform retries it).
    public init(store: any StateStore, source: String, clock: any WallClock, signal: WorkSignal? = nil, pipeline: Pipeline? = nil, outbox: WorkSignal? = nil,
                readiness: Readiness? = nil, admitSeconds: Double = 10, onAdmitted: (@Sendable (Event, Bool) async -> Void)? = nil) {
        self.store = store
        self.source = source
        self.signal = signal
        self.pipeline = pipeline
        self.outbox = outbox
        self.readiness = readiness
        self.onAdmitted = onAdmitted
        self.admitSeconds = admitSeconds
        // Bounded and watched per commit, not per delivery: a burst's deliveries share one
        // deadline and one readiness report. A delivery waits for the commit under way and
        // then its own, so each gets half of `admitSeconds`.
        commits = GroupCommit { [store, source, clock, readiness, pipeline] events in
            try await Self.stored(seconds: admitSeconds / 2, readiness: readiness) {
                if let pipeline { return try await pipeline.admit(events, into: store, source: source) }
                return try await store.admit(events, source: source, at: clock.now()).map { Pipeline.Admission(isNew: $0) }
            }
        }
    }

    public func enqueue(_ event: Event) async throws {
        let admission = try await commits.submit(event)
        let isNew = admission.isNew
        Counter(label: "inboxbot_events_received_total", dimensions: [("source", source), ("repeat", isNew ? "false" : "true")]).increment()
        // Evaluated as it was admitted: the executor has work if it queued actions; otherwise the pipeline has.
        if let completion = admission.processed?.completion {
            if !completion.actions.isEmpty { await outbox?.notify() }
        } else if isNew {
            await signal?.notify()
        }
        await onAdmitted?(event, isNew)
        if let (evaluated, completion) = admission.processed { await pipeline?.observe(evaluated, audit: completion.audit) }
    }

    public func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws {
        try await Self.stored(seconds: admitSeconds, readiness: readiness) { [store] in try await store.changeContacts(changes, audit: audit) }
    }

    /// A write to the store, refused past `seconds`; with `readiness`, a failure marks the
    /// store not ready (and a success ready again).
    private static func stored<T: Sendable>(seconds: Double, readiness: Readiness?, _ write: @escaping @Sendable () async throws -> T) async throws -> T {
        let bounded: @Sendable () async throws -> T = { try await Deadline.run(seconds: seconds, write) }
        return if let readiness { try await readiness.watching(.store, bounded) } else { try await bounded() }
    }
}
