import Foundation
import GRDB
import InboxBotCore

/// The embedded state store: one SQLite file in WAL mode, through GRDB.
///
/// Times are stored as seconds since 1970 so that comparisons and indexes are numeric.
/// Events, actions and snapshots are stored as JSON in the forms the core defines.
public final class SQLiteStateStore: StateStore {
    let pool: DatabasePool
    let calls: StoreCalls
    public let path: String
    /// Events admitted and actions queued by this process, until processed or carried out.
    let admittedEvents = DecodedMemo<Event>(capacity: 2_000)
    let queuedActions = DecodedMemo<(action: RenderedAction, conversation: ConversationSnapshot)>(capacity: 2_000)

    /// How long a write waits for another connection's write lock (another program's).
    static let busySeconds: Double = 5

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busySeconds)
        configuration.prepareDatabase { db in
            // Durable on commit, without a sync on every page write.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        calls = StoreCalls(readers: configuration.maximumReaderCount)
        try Self.migrator.migrate(pool)
    }

    /// The applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Stored JSON is read back by this store only, so its keys are left unsorted.
    static let encoder = JSONEncoder()

    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    // MARK: Inbox

    public func admit(_ events: [Event], source: String, at time: Date) async throws -> [Bool] {
        let encoded = events.map { ($0, EventJSONWriter.data($0)) }
        let admitted = try await writeTransaction { db in try Self.insertEvents(encoded, source: source, at: time, in: db).admitted }
        for (event, isNew) in zip(events, admitted) where isNew { admittedEvents.remember(event, for: event.id) }
        return admitted
    }

    /// In one transaction: the events admitted, and evaluated when the new ones are all that
    /// is pending (so no conversation's earlier event is overtaken).
    public func admit(_ events: [Event], source: String, at time: Date, evaluating: AdmissionEvaluation) async throws -> (admitted: [Bool], evaluation: BatchEvaluation?) {
        let encoded = events.map { ($0, EventJSONWriter.data($0)) }
        let (admitted, evaluation) = try await writeTransaction { db -> ([Bool], BatchEvaluation?) in
            let (admitted, firstNew) = try Self.insertEvents(encoded, source: source, at: time, in: db)
            guard let firstNew,
                  let oldestPending = try Int64.fetchOne(db.cachedStatement(sql: "SELECT sequence FROM inbox WHERE processed_at IS NULL ORDER BY sequence LIMIT 1")),
                  oldestPending >= firstNew else { return (admitted, nil) }
            let new = zip(events, admitted).filter(\.1).map(\.0)
            let batch = try Self.batch(of: new, for: evaluating.ruleSet, at: time, budgetSince: evaluating.budgetSince, in: db)
            guard let evaluation = evaluating.evaluate(batch) else { return (admitted, nil) }
            try Self.write(try Self.encoded(evaluation.completions), at: time, in: db)
            return (admitted, evaluation)
        }
        if let evaluation {
            remember(evaluation.completions)
        } else {
            for (event, isNew) in zip(events, admitted) where isNew { admittedEvents.remember(event, for: event.id) }
        }
        return (admitted, evaluation)
    }

    /// Inserts events not seen before; for each, whether it is new, and the first new one's sequence.
    static func insertEvents(_ encoded: [(Event, Data)], source: String, at time: Date, in db: Database) throws -> (admitted: [Bool], firstNew: Int64?) {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO inbox (event_id, conversation_id, source, received_at, event_json)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING
            """)
        var firstNew: Int64?
        let admitted = try encoded.map { event, json in
            try statement.execute(arguments: [event.id, event.conversation.id, source, seconds(time), json])
            guard db.changesCount > 0 else { return false }
            if firstNew == nil { firstNew = db.lastInsertedRowID }
            return true
        }
        return (admitted, firstNew)
    }

    public func pendingEvents(limit: Int) async throws -> [Event] {
        // Rows are not Sendable: they are decoded inside the read.
        try await read { [admittedEvents] db in try Self.pendingEvents(limit: limit, in: db, admitted: admittedEvents) }
    }

    static func pendingEvents(limit: Int, in db: Database, admitted: DecodedMemo<Event>) throws -> [Event] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT event_id, event_json FROM inbox WHERE processed_at IS NULL ORDER BY sequence LIMIT ?"), arguments: [limit])
            .map { row in try admitted.value(for: row["event_id"]) ?? EventLineDecoder.stored(row["event_json"] as Data) }
    }

    /// The batch and all it needs in one read transaction: each read is a trip to GRDB's
    /// queue and back, and at a steady rate the pipeline's passes take an event or two each.
    public func pendingBatch(limit: Int, for ruleSet: CompiledRuleSet, at now: Date, budgetSince: Date?) async throws -> PendingBatch {
        try await read { [admittedEvents] db in
            let events = try Self.pendingEvents(limit: limit, in: db, admitted: admittedEvents)
            guard !events.isEmpty else { return .empty }
            return try Self.batch(of: events, for: ruleSet, at: now, budgetSince: budgetSince, in: db)
        }
    }

    /// The events with their conversations' evaluation history and spent budgets.
    static func batch(of events: [Event], for ruleSet: CompiledRuleSet, at now: Date, budgetSince: Date?, in db: Database) throws -> PendingBatch {
        let conversations = events.map(\.conversation)
        let keys = EvaluationHistoryKeys(conversations: conversations, ruleSet: ruleSet, at: now)
        let sends = try keys.sendKeys.map { try sendTimes(contactKeys: $0, since: keys.sendsSince, in: db) } ?? [:]
        let history = FiringLedger(firings: try firings(conversationIDs: keys.firingScopes, in: db),
                                   optOuts: try optOuts(contactKeys: keys.optOutKeys, in: db), sends: sends)
        let spent = try budgetSince.map { try actionCounts(conversationIDs: Set(conversations.map(\.id)), since: $0, in: db) } ?? [:]
        return PendingBatch(events: events, history: history, spent: spent)
    }

    public func complete(_ completions: [EventCompletion], at time: Date) async throws {
        let encoded = try Self.encoded(completions)
        try await writeTransaction { db in try Self.write(encoded, at: time, in: db) }
        remember(completions)
    }

    /// A completion with its actions' stored forms: the action and the conversation's snapshot.
    typealias EncodedCompletion = (completion: EventCompletion, actions: [(entry: OutboxEntry, action: Data, snapshot: Data)])

    static func encoded(_ completions: [EventCompletion]) throws -> [EncodedCompletion] {
        try completions.map { completion in
            (completion, try completion.actions.map { ($0, try encoder.encode($0.action), EventJSONWriter.data($0.conversation)) })
        }
    }

    /// Writes what `complete` commits.
    static func write(_ encoded: [EncodedCompletion], at time: Date, in db: Database) throws {
        for (completion, actions) in encoded {
            for (entry, action, snapshot) in actions {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO outbox (key, rule_id, rule_set_version, conversation_id, event_id, action_index, action_json,
                                            snapshot_json, state, attempts, next_attempt_at, detail, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?) ON CONFLICT(key) DO NOTHING
                        """
                ).execute(arguments: [entry.key, entry.ruleID, entry.ruleSetVersion, entry.conversationID, entry.eventID, entry.actionIndex,
                                action, snapshot, entry.state.rawValue, seconds(entry.nextAttemptAt), seconds(time), seconds(time)])
            }
            for firing in completion.firings {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO firings (rule_id, conversation_id, fired_at) VALUES (?, ?, ?)
                        ON CONFLICT(rule_id, conversation_id) DO UPDATE SET fired_at = excluded.fired_at
                        """
                ).execute(arguments: [firing.rule, firing.conversation, seconds(completion.firedAt)])
            }
            try apply(completion.contactChanges, into: db)
            if let assignment = completion.assignment { try record(assignment, into: db) }
            try insert(completion.audit, into: db)
            if let timers = completion.timers { try apply(timers, into: db) }
            if let fired = completion.firedTimer {
                try db.cachedStatement(sql: "UPDATE timers SET fired_at = ? WHERE key = ?").execute(arguments: [seconds(time), fired])
                continue
            }
            try db.cachedStatement(sql: "UPDATE inbox SET processed_at = ? WHERE event_id = ?").execute(arguments: [seconds(time), completion.eventID])
        }
    }

    /// After a commit: the events are no longer pending; the actions queued are kept decoded.
    func remember(_ completions: [EventCompletion]) {
        admittedEvents.forget(completions.map(\.eventID))
        for entry in completions.flatMap(\.actions) where entry.state == .pending {
            queuedActions.remember((entry.action, entry.conversation), for: entry.key)
        }
    }

    /// `?, ?, …` for an IN list, with its arguments.
    static func list(_ values: some Collection<String>) -> (marks: String, arguments: StatementArguments) {
        (Array(repeating: "?", count: max(1, values.count)).joined(separator: ", "), StatementArguments(values.isEmpty ? [""] : Array(values)))
    }

    public func event(id: String) async throws -> Event? {
        if let event = admittedEvents.value(for: id) { return event }
        let json = try await read { db in try Data.fetchOne(db.cachedStatement(sql: "SELECT event_json FROM inbox WHERE event_id = ?"), arguments: [id]) }
        return try json.map(EventLineDecoder.stored)
    }

    // MARK: Firing ledger

    public func firings(conversationIDs: Set<String>) async throws -> [String: [String: Date]] {
        try await read { db in try Self.firings(conversationIDs: conversationIDs, in: db) }
    }

    static func firings(conversationIDs: Set<String>, in db: Database) throws -> [String: [String: Date]] {
        let statement = try db.cachedStatement(sql: "SELECT rule_id, fired_at FROM firings WHERE conversation_id = ?")
        var firings: [String: [String: Date]] = [:]
        for id in conversationIDs {
            for row in try Row.fetchAll(statement, arguments: [id]) {
                firings[id, default: [:]][row["rule_id"]] = date(row["fired_at"])
            }
        }
        return firings
    }

    // MARK: Contacts

    static func apply(_ changes: [ContactChange], into db: Database) throws {
        for change in changes {
            switch change {
            case .optOut(let keys, let optOut):
                for key in keys {
                    // The first opt-out stands: its event's own sends before it were let through.
                    try db.cachedStatement(sql: "INSERT INTO contact_opt_outs (contact_key, opted_out_at, event_id, rule_id) VALUES (?, ?, ?, ?) ON CONFLICT(contact_key) DO NOTHING")
                        .execute(arguments: [key, seconds(optOut.at), optOut.eventID, optOut.ruleID])
                }
            case .optIn(let keys):
                // One opt-out's every key at once: SQLite evaluates an OR-ed subquery row by row,
                // after the first key's row is gone, so the plain IN form is the one that works.
                for key in keys {
                    try db.cachedStatement(sql: "DELETE FROM contact_opt_outs WHERE event_id IN (SELECT event_id FROM contact_opt_outs WHERE contact_key = ?)")
                        .execute(arguments: [key])
                }
            case .sent(let key, let time):
                try db.cachedStatement(sql: "INSERT INTO contact_sends (contact_key, sent_at) VALUES (?, ?)").execute(arguments: [key, seconds(time)])
            }
        }
    }

    public func optOuts(contactKeys: Set<String>) async throws -> [String: OptOut] {
        guard !contactKeys.isEmpty else { return [:] }
        return try await read { db in try Self.optOuts(contactKeys: contactKeys, in: db) }
    }

    /// Key by key through one prepared statement: a few keys at a time, and the same SQL every time.
    static func optOuts(contactKeys: Set<String>, in db: Database) throws -> [String: OptOut] {
        guard !contactKeys.isEmpty else { return [:] }
        let statement = try db.cachedStatement(sql: "SELECT opted_out_at, event_id, rule_id FROM contact_opt_outs WHERE contact_key = ?")
        var optOuts: [String: OptOut] = [:]
        for key in contactKeys {
            guard let row = try Row.fetchOne(statement, arguments: [key]) else { continue }
            optOuts[key] = OptOut(at: date(row["opted_out_at"]), eventID: row["event_id"], ruleID: row["rule_id"])
        }
        return optOuts
    }

    public func optOutList(limit: Int) async throws -> [(contactKey: String, optOut: OptOut)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM contact_opt_outs ORDER BY opted_out_at DESC, contact_key DESC LIMIT ?", arguments: [limit]).map { row in
                (row["contact_key"], OptOut(at: Self.date(row["opted_out_at"]), eventID: row["event_id"], ruleID: row["rule_id"]))
            }
        }
    }

    public func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws {
        try await writeTransaction { db in
            try Self.apply(changes, into: db)
            try Self.insert(audit, into: db)
        }
    }

    public func sendTimes(contactKeys: Set<String>, since time: Date) async throws -> [String: [Date]] {
        guard !contactKeys.isEmpty else { return [:] }
        return try await read { db in try Self.sendTimes(contactKeys: contactKeys, since: time, in: db) }
    }

    static func sendTimes(contactKeys: Set<String>, since time: Date, in db: Database) throws -> [String: [Date]] {
        guard !contactKeys.isEmpty else { return [:] }
        // Key by key through one prepared statement (as `optOuts`): an IN list is new SQL for every count of keys.
        let statement = try db.cachedStatement(sql: "SELECT sent_at FROM contact_sends WHERE contact_key = ? AND sent_at >= ?")
        var sends: [String: [Date]] = [:]
        for key in contactKeys {
            let times = try Double.fetchAll(statement, arguments: [key, seconds(time)])
            if !times.isEmpty { sends[key] = times.map(date) }
        }
        return sends
    }

    // MARK: Assignments

    /// Keeps the latest of a conversation's assignments: an older event read late changes nothing.
    static func record(_ assignment: ConversationAssignment, into db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO assignments (conversation_id, assignee, open, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(conversation_id) DO UPDATE SET assignee = excluded.assignee, open = excluded.open, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= assignments.updated_at
            """).execute(arguments: [assignment.conversationID, assignment.assignee, assignment.open, seconds(assignment.at)])
    }

    public func openAssignmentCounts(assignees: Set<String>) async throws -> [String: Int] {
        guard !assignees.isEmpty else { return [:] }
        let (marks, arguments) = Self.list(assignees.map { $0.lowercased() })
        return try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT assignee, COUNT(*) AS n FROM assignments WHERE open = 1 AND assignee IN (\(marks)) GROUP BY assignee",
                                        arguments: arguments) {
                counts[row["assignee"]] = row["n"]
            }
            return counts
        }
    }

    public func recordAssignment(_ assignment: ConversationAssignment) async throws {
        try await writeTransaction { db in try Self.record(assignment, into: db) }
    }

    // MARK: Outbox

    public func dueActions(at time: Date, limit: Int) async throws -> [OutboxEntry] {
        try await fetchActions(sql: "SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, rowid LIMIT ?",
                               arguments: [Self.seconds(time), limit])
    }

    public func markInFlight(keys: [String], at time: Date) async throws {
        try await writeTransaction { db in try Self.markInFlight(keys, at: time, in: db) }
    }

    public func update(_ updates: [ActionUpdate], at time: Date) async throws {
        try await writeTransaction { db in try Self.apply(updates, at: time, in: db) }
        forgetFinished(updates)
    }

    public func record(_ updates: [ActionUpdate], starting starts: [ActionStart], at time: Date) async throws -> [OptOut?] {
        let blocked = try await writeTransaction { db in
            try Self.apply(updates, at: time, in: db)
            let guarded = ActionStart.guarded(starts, optOuts: try Self.optOuts(contactKeys: Set(starts.flatMap(\.contactKeys)), in: db))
            try Self.markInFlight(guarded.toMark, at: time, in: db)
            return guarded.blocked
        }
        forgetFinished(updates)
        return blocked
    }

    static func markInFlight(_ keys: [String], at time: Date, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ?, attempted_at = ? WHERE key = ?")
        for key in keys { try statement.execute(arguments: [seconds(time), seconds(time), key]) }
    }

    static func apply(_ updates: [ActionUpdate], at time: Date, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE outbox SET state = ?, detail = ?, next_attempt_at = COALESCE(?, next_attempt_at), updated_at = ? WHERE key = ?")
        for update in updates {
            try statement.execute(arguments: [update.state.rawValue, update.detail, update.nextAttemptAt.map(seconds), seconds(time), update.key])
            try insert(update.audit, into: db)
        }
    }

    /// Actions carried out or given up are not read back.
    private func forgetFinished(_ updates: [ActionUpdate]) {
        queuedActions.forget(updates.filter { [.done, .deadLetter].contains($0.state) }.map(\.key))
    }

    public func action(key: String) async throws -> OutboxEntry? {
        try await fetchActions(sql: "SELECT * FROM outbox WHERE key = ?", arguments: [key]).first
    }

    public func actions(in states: [OutboxEntry.State], limit: Int) async throws -> [OutboxEntry] {
        let (marks, names) = Self.list(states.map(\.rawValue))
        let arguments = names + [limit]
        return try await fetchActions(sql: "SELECT * FROM outbox WHERE state IN (\(marks)) ORDER BY updated_at DESC, key LIMIT ?", arguments: arguments)
    }

    public func actionCounts(conversationIDs: Set<String>, since time: Date) async throws -> [String: Int] {
        try await read { db in try Self.actionCounts(conversationIDs: conversationIDs, since: time, in: db) }
    }

    static func actionCounts(conversationIDs: Set<String>, since time: Date, in db: Database) throws -> [String: Int] {
        let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox WHERE conversation_id = ? AND created_at >= ? AND state != 'dry_run'")
        var counts: [String: Int] = [:]
        for id in conversationIDs {
            let count = try Int.fetchOne(statement, arguments: [id, seconds(time)]) ?? 0
            if count > 0 { counts[id] = count }
        }
        return counts
    }

    public func ownActions(platformIDs: Set<String>) async throws -> Set<String> {
        guard !platformIDs.isEmpty else { return [] }
        let (marks, arguments) = Self.list(platformIDs)
        return try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT detail FROM outbox WHERE detail IN (\(marks)) AND state = 'done'", arguments: arguments))
        }
    }

    public func conversationsWithActionsInFlight(among conversationIDs: Set<String>) async throws -> Set<String> {
        let (marks, arguments) = Self.list(conversationIDs)
        return try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT conversation_id FROM outbox WHERE state = 'in_flight' AND conversation_id IN (\(marks))",
                                    arguments: arguments))
        }
    }

    private func fetchActions(sql: String, arguments: StatementArguments) async throws -> [OutboxEntry] {
        try await read { [queuedActions] db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let memo = queuedActions.value(for: row["key"])
                var entry = OutboxEntry(
                    ruleID: row["rule_id"], ruleSetVersion: row["rule_set_version"],
                    conversation: try memo?.conversation ?? EventLineDecoder.storedConversation(row["snapshot_json"] as Data),
                    eventID: row["event_id"], actionIndex: row["action_index"],
                    action: try memo?.action ?? decoder.decode(RenderedAction.self, from: row["action_json"] as Data),
                    state: OutboxEntry.State(rawValue: row["state"]) ?? .pending, at: Self.date(row["created_at"]))
                entry.attempts = row["attempts"]
                entry.nextAttemptAt = Self.date(row["next_attempt_at"])
                entry.detail = row["detail"]
                entry.updatedAt = Self.date(row["updated_at"])
                entry.attemptedAt = (row["attempted_at"] as Double?).map(Self.date)
                return entry
            }
        }
    }

    // MARK: Cursors

    public func cursor(named name: String) async throws -> Data? {
        try await read { db in try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM cursors WHERE name = ?"), arguments: [name]) }
    }

    public func saveCursor(named name: String, _ data: Data, at time: Date) async throws {
        try await writeTransaction { db in
            try db.execute(
                sql: "INSERT INTO cursors (name, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                arguments: [name, data, Self.seconds(time)])
        }
    }

    public func nextTurn(named name: String, at time: Date) async throws -> Int {
        try await writeTransaction { db in
            let taken = try Data.fetchOne(db, sql: "SELECT data FROM cursors WHERE name = ?", arguments: [name]).flatMap(Self.turnCount) ?? 0
            try db.execute(
                sql: "INSERT INTO cursors (name, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                arguments: [name, Data(String(taken &+ 1).utf8), Self.seconds(time)])
            return taken
        }
    }

    /// A rotation's count, kept as decimal text; anything else starts it again.
    static func turnCount(_ data: Data) -> Int? { Int(String(decoding: data, as: UTF8.self)).map { max(0, $0) } }

    // MARK: Audit

    public func append(_ records: [AuditRecord]) async throws {
        try await writeTransaction { db in try Self.insert(records, into: db) }
    }

    static func insert(_ records: [AuditRecord], into db: Database) throws {
        for record in records {
            try db.cachedStatement(sql: "INSERT INTO audit (at, kind, conversation_id, event_id, rule_id, rule_set_version, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [seconds(record.time), record.kind.rawValue, record.conversationID, record.eventID, record.ruleID, record.ruleSetVersion, record.message])
        }
    }

    public func audit(conversationID: String, limit: Int) async throws -> [AuditRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE conversation_id = ? ORDER BY id DESC LIMIT ?", arguments: [conversationID, limit])
                .reversed().map(Self.auditRecord)
        }
    }

    static func auditRecord(_ row: Row) -> AuditRecord {
        AuditRecord(time: date(row["at"]), kind: AuditRecord.Kind(rawValue: row["kind"]) ?? .note,
                    conversationID: row["conversation_id"], eventID: row["event_id"], ruleID: row["rule_id"],
                    ruleSetVersion: row["rule_set_version"], message: row["message"])
    }

    public func recentAudit(limit: Int) async throws -> [AuditRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit]).reversed().map(Self.auditRecord)
        }
    }

    public func counts() async throws -> (pendingEvents: Int, actions: [OutboxEntry.State: Int]) {
        try await read { db in
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL") ?? 0
            var actions: [OutboxEntry.State: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxEntry.State(rawValue: row["state"]) { actions[state] = row["n"] }
            }
            return (pending, actions)
        }
    }

    public func oldestPendingEventReceivedAt() async throws -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT received_at FROM inbox WHERE processed_at IS NULL ORDER BY sequence LIMIT 1").map(Self.date)
        }
    }

    // MARK: Timers

    /// Cancels, then arms, in the caller's transaction. A timer is armed unless one of the
    /// same rule and kind waits on the conversation already, or its episode has fired.
    static func apply(_ changes: TimerChanges, into db: Database) throws {
        let cancel = try db.cachedStatement(sql: "DELETE FROM timers WHERE conversation_id = ? AND rule_id = ? AND kind = ? AND fired_at IS NULL")
        for (ruleID, kind) in changes.cancel {
            try cancel.execute(arguments: [changes.conversationID, ruleID, kind])
        }
        guard !changes.arm.isEmpty else { return }
        let arm = try db.cachedStatement(sql: """
            INSERT INTO timers (key, rule_id, conversation_id, episode, kind, due_at, armed_at, event_json)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM timers WHERE conversation_id = ? AND rule_id = ? AND kind = ? AND fired_at IS NULL)
            ON CONFLICT(key) DO NOTHING
            """)
        for timer in changes.arm {
            let kind = String(timer.kind)
            try arm.execute(arguments: [timer.key, timer.ruleID, timer.conversationID, timer.episode, kind, seconds(timer.dueAt), seconds(timer.armedAt),
                                        timer.event.map(EventJSONWriter.data), timer.conversationID, timer.ruleID, kind])
        }
    }

    public func dueTimers(at time: Date, limit: Int) async throws -> [TimerRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?"), arguments: [Self.seconds(time), limit])
                .map { row in
                    TimerRecord(ruleID: row["rule_id"], conversationID: row["conversation_id"], episode: row["episode"],
                                dueAt: Self.date(row["due_at"]), armedAt: Self.date(row["armed_at"]),
                                event: try (row["event_json"] as Data?).map(EventLineDecoder.stored))
                }
        }
    }

    public func armedTimerCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timers WHERE fired_at IS NULL") ?? 0 }
    }

    // MARK: Retention

    public func prune(auditBefore: Date, processedEventsBefore: Date) async throws -> Int {
        try await writeTransaction { db in
            try db.execute(sql: "DELETE FROM audit WHERE at < ?", arguments: [Self.seconds(auditBefore)])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM inbox WHERE processed_at IS NOT NULL AND processed_at < ?", arguments: [Self.seconds(processedEventsBefore)])
            removed += db.changesCount
            try db.execute(sql: "DELETE FROM timers WHERE fired_at IS NOT NULL AND fired_at < ?", arguments: [Self.seconds(processedEventsBefore)])
            removed += db.changesCount
            try db.execute(sql: "DELETE FROM contact_sends WHERE sent_at < ?", arguments: [Self.seconds(processedEventsBefore)])
            removed += db.changesCount
            return removed
        }
    }
}
