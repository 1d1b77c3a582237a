/// Where the event sources (poller, webhook receiver) hand events to the pipeline.
///
/// `enqueue` returns only once the event is safely stored, so a webhook can answer 2xx
/// then and not before. The worker's implementation is durable; `InMemoryEventQueue`
/// serves tests and the demo.
public protocol EventQueue: Sendable {
    func enqueue(_ event: Event) async throws
    /// Records what a platform says of a contact (an opt-out) with its audit record;
    /// returns once it is stored, as `enqueue` does.
    func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws
}

/// An event queue in memory: what it holds is lost when the process ends.
public actor InMemoryEventQueue: EventQueue {
    public private(set) var events: [Event] = []
    public private(set) var contactChanges: [ContactChange] = []
    public private(set) var audit: [AuditRecord] = []

    public init() {}

    public func enqueue(_ event: Event) async throws {
        events.append(event)
    }

    public func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws {
        contactChanges += changes
        self.audit += audit
    }

    /// Takes every queued event, oldest first.
    public func drain() -> [Event] {
        defer { events.removeAll() }
        return events
    }
}
