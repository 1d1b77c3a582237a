import Foundation

/// The worker's durable state, behind a protocol so that the embedded SQLite store and a
/// later shared PostgreSQL one (several workers splitting the conversations) are alike to it.
///
/// Nothing here assumes one process or one file: every write that must be atomic is one
/// call, and ordering is by stored sequence, not by process memory.
public protocol StateStore: Sendable {
    // MARK: Inbox

    /// Stores an event for processing unless one with its id was taken before (by either
    /// source, or before a restart). True when it is new.
    func admit(_ event: Event, source: String, at time: Date) async throws -> Bool

    /// Admitted events not yet processed, oldest first.
    func pendingEvents(limit: Int) async throws -> [Event]

    /// Marks an event processed and, in the same transaction, queues its actions, records
    /// the rules that fired, and appends its audit records. A crash before this leaves the
    /// event pending, to be evaluated again to the same decisions.
    func complete(eventID: String, actions: [OutboxEntry], firings: [(rule: String, conversation: String)], audit: [AuditRecord], at time: Date) async throws

    // MARK: Firing ledger

    /// When each rule last acted on the conversation, for `once` and `cooldown`.
    func firings(conversationID: String) async throws -> [String: Date]

    // MARK: Outbox

    /// Pending actions due by `time`, oldest first.
    func dueActions(at time: Date, limit: Int) async throws -> [OutboxEntry]

    /// Marks an action in flight, just before it is handed to the platform.
    func markInFlight(key: String, at time: Date) async throws

    /// Records what became of an action: its new state, detail, and next attempt time.
    func update(key: String, state: OutboxEntry.State, detail: String?, nextAttemptAt: Date?, at time: Date) async throws

    func action(key: String) async throws -> OutboxEntry?

    func actions(in states: [OutboxEntry.State], limit: Int) async throws -> [OutboxEntry]

    /// How many actions were queued for the conversation since `time`, for the action budget.
    func actionCount(conversationID: String, since time: Date) async throws -> Int

    /// Whether a platform id (a sent message's event id) came back from one of the bot's own
    /// actions, so that the event it causes is recognised as the bot's.
    func isOwnAction(platformID: String) async throws -> Bool

    // MARK: Cursors

    func cursor(named name: String) async throws -> Data?
    func saveCursor(named name: String, _ data: Data, at time: Date) async throws

    // MARK: Audit

    func append(_ records: [AuditRecord]) async throws
    func audit(conversationID: String, limit: Int) async throws -> [AuditRecord]
    /// The newest audit records across all conversations, oldest first.
    func recentAudit(limit: Int) async throws -> [AuditRecord]

    /// Events waiting in the inbox, and actions per state: what `inboxbot status` shows.
    func counts() async throws -> (pendingEvents: Int, actions: [OutboxEntry.State: Int])

    /// When the oldest event still waiting was received, or nil when none waits: the queue's lag.
    func oldestPendingEventReceivedAt() async throws -> Date?

    // MARK: Timers

    /// Arms a timer; arming the same key again changes nothing.
    func arm(_ timer: TimerRecord) async throws
    func cancelTimers(ruleID: String?, conversationID: String) async throws
    /// Timers due by `time`, soonest first, found through the index on the due time.
    func dueTimers(at time: Date, limit: Int) async throws -> [TimerRecord]
    func removeTimer(key: String) async throws

    // MARK: Retention

    /// Deletes audit records and processed-event keys older than the given times; returns how many.
    func prune(auditBefore: Date, processedEventsBefore: Date) async throws -> Int
}
