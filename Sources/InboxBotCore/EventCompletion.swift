import Foundation

/// What processing one event produced, committed with the event's mark as processed: its
/// actions for the outbox, the rules that fired (for `once` and `cooldown`), and its audit.
public struct EventCompletion: Sendable {
    public var eventID: String
    public var actions: [OutboxEntry]
    public var firings: [(rule: String, conversation: String)]
    /// When the rules fired: the event's own time, as evaluation compares it.
    public var firedAt: Date
    public var audit: [AuditRecord]

    public init(eventID: String, actions: [OutboxEntry] = [], firings: [(rule: String, conversation: String)] = [], firedAt: Date, audit: [AuditRecord] = []) {
        self.eventID = eventID
        self.actions = actions
        self.firings = firings
        self.firedAt = firedAt
        self.audit = audit
    }
}
