import Foundation
import InboxBotCore
import Metrics

/// The durable event queue: the state store's inbox. `enqueue` returns once the event is
/// committed to disk, so a webhook answers 2xx only then; an event seen before (by the
/// other source, or before a restart) is dropped here by its id.
public struct StoreEventQueue: EventQueue {
    let store: any StateStore
    let source: String
    let clock: any WallClock
    let onAdmitted: (@Sendable (Event, Bool) async -> Void)?

    public init(store: any StateStore, source: String, clock: any WallClock, onAdmitted: (@Sendable (Event, Bool) async -> Void)? = nil) {
        self.store = store
        self.source = source
        self.clock = clock
        self.onAdmitted = onAdmitted
    }

    public func enqueue(_ event: Event) async throws {
        let isNew = try await store.admit(event, source: source, at: clock.now())
        Counter(label: "inboxbot_events_received_total", dimensions: [("source", source), ("repeat", isNew ? "false" : "true")]).increment()
        await onAdmitted?(event, isNew)
    }
}
