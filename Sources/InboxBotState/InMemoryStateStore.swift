import Foundation
import InboxBotCore

/// The state store's fake: the same contract as the SQLite store, kept in memory, for tests,
/// simulations and benchmarks where durability is not the point. The store's contract tests
/// run against both, which also keeps SQLite-only assumptions out of the protocol.
public actor InMemoryStateStore: StateStore {
    struct InboxRow {
        var sequence: Int
        var event: Event
        var receivedAt: Date
        var processedAt: Date?
    }

    private var inbox: [String: InboxRow] = [:]
    private var nextSequence = 0
    private var outbox: [String: OutboxEntry] = [:]
    private var firings: [String: [String: Date]] = [:]
    /// Each action's place in the order actions were queued, which the due order follows.
    private var queued: [String: Int] = [:]
    private var assignments: [String: ConversationAssignment] = [:]
    private var contactOptOuts: [String: OptOut] = [:]
    private var contactSends: [String: [Date]] = [:]
    private var cursors: [String: Data] = [:]
    private var auditLog: [AuditRecord] = []
    private var timers = TimerQueue()
    /// While set, every write fails with it, as when the disk is full.
    private var writeFault: String?

    public init() {}

    /// Makes every write fail with `reason` (nil: writes work again).
    public func failWrites(_ reason: String?) {
        writeFault = reason
    }

    public struct WriteFault: Error, CustomStringConvertible {
        public let description: String
    }

    private func checkWrite() throws {
        if let writeFault { throw WriteFault(description: writeFault) }
    }

    // MARK: Inbox

    public func admit(_ events: [Event], source: String, at time: Date) throws -> [Bool] {
        try checkWrite()
        return events.map { event in
            guard inbox[event.id] == nil else { return false }
            nextSequence += 1
            inbox[event.id] = InboxRow(sequence: nextSequence, event: event, receivedAt: time)
            return true
        }
    }

    public func pendingEvents(limit: Int) -> [Event] {
        Array(inbox.values.filter { $0.processedAt == nil }.sorted { $0.sequence < $1.sequence }.prefix(limit).map(\.event))
    }

    public func event(id: String) -> Event? { inbox[id]?.event }

    public func complete(_ completions: [EventCompletion], at time: Date) throws {
        try checkWrite()
        for completion in completions {
            for entry in completion.actions where outbox[entry.key] == nil {
                queued[entry.key] = queued.count
                var stored = entry
                stored.createdAt = time
                stored.updatedAt = time
                outbox[entry.key] = stored
            }
            for firing in completion.firings { firings[firing.conversation, default: [:]][firing.rule] = completion.firedAt }
            if let assignment = completion.assignment { record(assignment) }
            apply(contactChanges: completion.contactChanges)
            auditLog += completion.audit
            if let changes = completion.timers { timers.apply(changes) }
            if let fired = completion.firedTimer {
                timers.markFired(fired, at: time)
                continue
            }
            inbox[completion.eventID]?.processedAt = time
        }
    }

    // MARK: Firing ledger

    public func firings(conversationIDs: Set<String>) -> [String: [String: Date]] {
        firings.filter { conversationIDs.contains($0.key) }
    }

    // MARK: Assignments

    private func record(_ assignment: ConversationAssignment) {
        if let known = assignments[assignment.conversationID], known.at > assignment.at { return }
        assignments[assignment.conversationID] = assignment
    }

    public func openAssignmentCounts(assignees: Set<String>) -> [String: Int] {
        let wanted = Set(assignees.map { $0.lowercased() })
        var counts: [String: Int] = [:]
        for assignment in assignments.values where assignment.open {
            if let assignee = assignment.assignee, wanted.contains(assignee) { counts[assignee, default: 0] += 1 }
        }
        return counts
    }

    public func recordAssignment(_ assignment: ConversationAssignment) throws {
        try checkWrite()
        record(assignment)
    }

    // MARK: Contacts

    public func optOuts(contactKeys: Set<String>) -> [String: OptOut] {
        contactOptOuts.filter { contactKeys.contains($0.key) }
    }

    private func apply(contactChanges changes: [ContactChange]) {
        for change in changes {
            switch change {
            case .optOut(let keys, let optOut): for key in keys where contactOptOuts[key] == nil { contactOptOuts[key] = optOut }
            case .optIn(let keys):
                let events = Set(keys.compactMap { contactOptOuts[$0]?.eventID })
                contactOptOuts = contactOptOuts.filter { !keys.contains($0.key) && !events.contains($0.value.eventID) }
            case .sent(let key, let at): contactSends[key, default: []].append(at)
            }
        }
    }

    public func optOutList(limit: Int) -> [(contactKey: String, optOut: OptOut)] {
        Array(contactOptOuts.sorted { ($0.value.at, $0.key) > ($1.value.at, $1.key) }.prefix(limit).map { ($0.key, $0.value) })
    }

    public func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) throws {
        try checkWrite()
        apply(contactChanges: changes)
        auditLog += audit
    }

    public func sendTimes(contactKeys: Set<String>, since time: Date) -> [String: [Date]] {
        var sends: [String: [Date]] = [:]
        for key in contactKeys {
            let times = (contactSends[key] ?? []).filter { $0 >= time }
            if !times.isEmpty { sends[key] = times }
        }
        return sends
    }

    // MARK: Outbox

    public func dueActions(at time: Date, limit: Int) -> [OutboxEntry] {
        Array(outbox.values.filter { $0.state == .pending && $0.nextAttemptAt <= time }
            .sorted { ($0.nextAttemptAt, $0.createdAt, queued[$0.key] ?? 0) < ($1.nextAttemptAt, $1.createdAt, queued[$1.key] ?? 0) }.prefix(limit))
    }

    public func markInFlight(keys: [String], at time: Date) throws {
        try checkWrite()
        markInFlight(keys, at: time)
    }

    public func record(_ updates: [ActionUpdate], starting starts: [ActionStart], at time: Date) throws -> [OptOut?] {
        try update(updates, at: time)
        let guarded = ActionStart.guarded(starts, optOuts: contactOptOuts)
        markInFlight(guarded.toMark, at: time)
        return guarded.blocked
    }

    private func markInFlight(_ keys: [String], at time: Date) {
        for key in keys {
            outbox[key]?.state = .inFlight
            outbox[key]?.attempts += 1
            outbox[key]?.updatedAt = time
            outbox[key]?.attemptedAt = time
        }
    }

    public func update(_ updates: [ActionUpdate], at time: Date) throws {
        try checkWrite()
        for update in updates {
            guard var entry = outbox[update.key] else { continue }
            entry.state = update.state
            entry.detail = update.detail
            if let next = update.nextAttemptAt { entry.nextAttemptAt = next }
            entry.updatedAt = time
            outbox[update.key] = entry
            auditLog += update.audit
        }
    }

    public func action(key: String) -> OutboxEntry? { outbox[key] }

    public func actions(in states: [OutboxEntry.State], limit: Int) -> [OutboxEntry] {
        Array(outbox.values.filter { states.contains($0.state) }.sorted { ($1.updatedAt, $0.key) < ($0.updatedAt, $1.key) }.prefix(limit))
    }

    public func actionCounts(conversationIDs: Set<String>, since time: Date) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in outbox.values where conversationIDs.contains(entry.conversationID) && entry.createdAt >= time && entry.state != .dryRun {
            counts[entry.conversationID, default: 0] += 1
        }
        return counts
    }

    public func ownActions(platformIDs: Set<String>) -> Set<String> {
        Set(outbox.values.compactMap { $0.state == .done ? $0.detail : nil }.filter { platformIDs.contains($0) })
    }

    public func conversationsWithActionsInFlight(among conversationIDs: Set<String>) -> Set<String> {
        Set(outbox.values.filter { $0.state == .inFlight && conversationIDs.contains($0.conversationID) }.map(\.conversationID))
    }

    // MARK: Cursors

    public func cursor(named name: String) -> Data? { cursors[name] }

    public func saveCursor(named name: String, _ data: Data, at time: Date) throws {
        try checkWrite()
        cursors[name] = data
    }

    public func nextTurn(named name: String, at time: Date) throws -> Int {
        try checkWrite()
        let taken = cursors[name].flatMap(SQLiteStateStore.turnCount) ?? 0
        cursors[name] = Data(String(taken &+ 1).utf8)
        return taken
    }

    // MARK: Audit

    public func append(_ records: [AuditRecord]) throws {
        try checkWrite()
        auditLog += records
    }

    public func audit(conversationID: String, limit: Int) -> [AuditRecord] {
        Array(auditLog.filter { $0.conversationID == conversationID }.suffix(limit))
    }

    public func recentAudit(limit: Int) -> [AuditRecord] { Array(auditLog.suffix(limit)) }

    public func counts() -> (pendingEvents: Int, actions: [OutboxEntry.State: Int]) {
        var actions: [OutboxEntry.State: Int] = [:]
        for entry in outbox.values { actions[entry.state, default: 0] += 1 }
        return (inbox.values.filter { $0.processedAt == nil }.count, actions)
    }

    public func oldestPendingEventReceivedAt() -> Date? {
        inbox.values.filter { $0.processedAt == nil }.min { $0.sequence < $1.sequence }?.receivedAt
    }

    // MARK: Timers

    public func dueTimers(at time: Date, limit: Int) -> [TimerRecord] { timers.due(by: time, limit: limit) }

    public func armedTimerCount() -> Int { timers.count }

    // MARK: Retention

    public func prune(auditBefore: Date, processedEventsBefore: Date) throws -> Int {
        try checkWrite()
        let before = auditLog.count + inbox.count
        auditLog.removeAll { $0.time < auditBefore }
        inbox = inbox.filter { $0.value.processedAt.map { $0 >= processedEventsBefore } ?? true }
        for (key, times) in contactSends { contactSends[key] = times.filter { $0 >= processedEventsBefore } }
        return before - (auditLog.count + inbox.count) + timers.pruneFired(before: processedEventsBefore)
    }
}
