import Foundation

/// What became of an outbox action: its new state, detail and next attempt time, and the
/// audit records that say so, committed together.
public struct ActionUpdate: Sendable {
    public var key: String
    public var state: OutboxEntry.State
    public var detail: String?
    /// Nil keeps the time it had.
    public var nextAttemptAt: Date?
    public var audit: [AuditRecord]

    public init(key: String, state: OutboxEntry.State, detail: String?, nextAttemptAt: Date?, audit: [AuditRecord] = []) {
        self.key = key
        self.state = state
        self.detail = detail
        self.nextAttemptAt = nextAttemptAt
        self.audit = audit
    }
}
