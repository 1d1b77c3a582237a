import Foundation

/// The worker's durable state, behind a protocol so that the embedded SQLite store and a
/// later shared PostgreSQL one (several workers splitting the conversations) are alike to it.
///
/// Nothing here assumes one process or one file: every write that must be atomic is one
/// call, and ordering is by stored sequence, not by process memory.
public protocol StateStore: Sendable {
    // MARK: Inbox

    /// Stores events for processing, in one transaction, except those whose ids were taken
    /// before (by either source, or before a restart). For each, true when it is new.
    func admit(_ events: [Event], source: String, at time: Date) async throws -> [Bool]

    /// Admits events as `admit` does and, when the new ones are all that is pending, evaluates
    /// them in the same transaction and commits their evaluation as `complete` does. Returns
    /// for each event whether it is new, and the evaluation committed (nil: the new events are
    /// left pending for the pipeline). A store that cannot only admits them.
    func admit(_ events: [Event], source: String, at time: Date, evaluating: AdmissionEvaluation) async throws -> (admitted: [Bool], evaluation: BatchEvaluation?)

    /// Admitted events not yet processed, oldest first.
    func pendingEvents(limit: Int) async throws -> [Event]

    /// Up to `limit` pending events, oldest first, with their conversations' evaluation
    /// history and, from `budgetSince` (nil: none), the actions spent from their budgets: what
    /// the pipeline reads for each batch. A store that can reads it in one transaction.
    func pendingBatch(limit: Int, for ruleSet: CompiledRuleSet, at now: Date, budgetSince: Date?) async throws -> PendingBatch

    /// An event as it was admitted, processed or not (until retention removes it).
    func event(id: String) async throws -> Event?

    /// Marks events processed and, in the same transaction, queues their actions, records
    /// the rules that fired, and appends their audit records. A crash before this leaves the
    /// events pending, to be evaluated again to the same decisions.
    func complete(_ completions: [EventCompletion], at time: Date) async throws

    // MARK: Firing ledger

    /// When each rule last acted in each of the scopes (conversation ids, or per-contact
    /// `FiringPolicy.firingScope` keys), for `once` and `cooldown`: scope, then rule id.
    func firings(conversationIDs: Set<String>) async throws -> [String: [String: Date]]

    // MARK: Contacts

    /// The opt-outs recorded under any of the contact keys, by key.
    func optOuts(contactKeys: Set<String>) async throws -> [String: OptOut]

    /// The opt-outs, newest first, for operators.
    func optOutList(limit: Int) async throws -> [(contactKey: String, optOut: OptOut)]

    /// An operator's opt-out or opt-in, with its audit, outside any event.
    func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws

    /// When automated sends went to each of the contacts since `time`, for `send_limit`.
    func sendTimes(contactKeys: Set<String>, since time: Date) async throws -> [String: [Date]]

    // MARK: Assignments

    /// How many open conversations are assigned to each of the users (lowercased); users
    /// with none are left out.
    func openAssignmentCounts(assignees: Set<String>) async throws -> [String: Int]

    /// Records an assignment the bot made, unless a later one is known.
    func recordAssignment(_ assignment: ConversationAssignment) async throws

    // MARK: Outbox

    /// Pending actions due by `time`, oldest first.
    func dueActions(at time: Date, limit: Int) async throws -> [OutboxEntry]

    /// Marks actions in flight, just before they are handed to the platform.
    func markInFlight(keys: [String], at time: Date) async throws

    /// In one transaction: records what became of actions (as `update`), and marks others in
    /// flight (as `markInFlight`) unless an opt-out of their contact keeps them back (read in
    /// the same transaction, the send guard's last word). For each start, the opt-out that
    /// kept it back and left it as it was, or nil when it was marked.
    func record(_ updates: [ActionUpdate], starting starts: [ActionStart], at time: Date) async throws -> [OptOut?]

    /// Records what became of actions (new state, detail, next attempt time) with their
    /// audit records, in one transaction.
    func update(_ updates: [ActionUpdate], at time: Date) async throws

    func action(key: String) async throws -> OutboxEntry?

    func actions(in states: [OutboxEntry.State], limit: Int) async throws -> [OutboxEntry]

    /// How many actions were queued for each of the conversations since `time`, for the
    /// action budget; conversations with none are left out.
    func actionCounts(conversationIDs: Set<String>, since time: Date) async throws -> [String: Int]

    /// Which of the platform ids (sent messages' event ids) came back from the bot's own
    /// actions, so that the events they cause are recognised as the bot's.
    func ownActions(platformIDs: Set<String>) async throws -> Set<String>

    /// Which of the conversations have an action in flight: an outbound message seen now may be
    /// the echo of a send, whose id is known only once the platform answers.
    func conversationsWithActionsInFlight(among conversationIDs: Set<String>) async throws -> Set<String>

    // MARK: Cursors

    func cursor(named name: String) async throws -> Data?
    func saveCursor(named name: String, _ data: Data, at time: Date) async throws

    /// Takes the next turn of a named rotation (a round-robin pool): 0, 1, 2, … in one
    /// atomic step, so that workers sharing the store never take the same turn. The count is
    /// kept as the cursor of that name.
    func nextTurn(named name: String, at time: Date) async throws -> Int

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

    /// Timers due by `time` and not yet fired, soonest first, found through the index on
    /// the due time (never a scan of every armed timer). They are armed, cancelled and
    /// marked fired through `complete`.
    func dueTimers(at time: Date, limit: Int) async throws -> [TimerRecord]

    /// How many timers are armed and waiting.
    func armedTimerCount() async throws -> Int

    // MARK: Retention

    /// Deletes audit records, and processed-event keys, fired timers and contacts' send times, older than the given times; returns how many.
    func prune(auditBefore: Date, processedEventsBefore: Date) async throws -> Int
}

extension StateStore {
    public func admit(_ events: [Event], source: String, at time: Date, evaluating: AdmissionEvaluation) async throws -> (admitted: [Bool], evaluation: BatchEvaluation?) {
        (try await admit(events, source: source, at: time), nil)
    }

    /// Stores one event for processing unless its id was taken before; true when it is new.
    public func admit(_ event: Event, source: String, at time: Date) async throws -> Bool {
        try await admit([event], source: source, at: time).first ?? false
    }

    public func complete(eventID: String, actions: [OutboxEntry], firings: [(rule: String, conversation: String)], audit: [AuditRecord], at time: Date) async throws {
        try await complete([EventCompletion(eventID: eventID, actions: actions, firings: firings, firedAt: time, audit: audit)], at: time)
    }

    public func firings(conversationID: String) async throws -> [String: Date] {
        try await firings(conversationIDs: [conversationID])[conversationID] ?? [:]
    }

    public func markInFlight(key: String, at time: Date) async throws {
        try await markInFlight(keys: [key], at: time)
    }

    public func update(key: String, state: OutboxEntry.State, detail: String?, nextAttemptAt: Date?, audit: [AuditRecord] = [], at time: Date) async throws {
        try await update([ActionUpdate(key: key, state: state, detail: detail, nextAttemptAt: nextAttemptAt, audit: audit)], at: time)
    }
}
