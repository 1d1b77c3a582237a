import Foundation
import InboxBotCore
import Logging
import NIOCore
import PostgresNIO

/// The state store on PostgreSQL, through postgres-nio's `PostgresClient`: the same
/// contract as the SQLite store, so that several workers can share one database.
///
/// Its tables live in one schema (`inboxbot` by default), created and brought up to date by
/// versioned migrations under an advisory lock, so that workers starting together migrate
/// once. Times are stored as seconds since 1970 and events, actions and snapshots as the
/// core's JSON, as in the SQLite store. The client must be running (`client.run()`, which
/// the worker runs as a service) while the store is used.
public final class PostgresStateStore: StateStore {
    let client: PostgresClient
    let tables: Tables
    let logger: Logger
    /// The lease every write is made under, when there is one: a write whose transaction does
    /// not find it held (same owner and epoch, unexpired) fails with `LeaseLost` and changes
    /// nothing. The poller writes under its own lease, so that one worker polls an account.
    let fence: (name: String, owner: String, epoch: Int)?
    /// This worker's shards, when it shares the database with others: it reads only their
    /// work, and every write about conversations checks that their shards are still its own.
    let claims: ShardClaims?

    /// Opens the store in `schema`, migrating it first.
    public static func open(client: PostgresClient, schema: String = "inboxbot", logger: Logger = Logger(label: "inboxbot.postgres")) async throws -> PostgresStateStore {
        let store = try PostgresStateStore(client: client, tables: Tables(schema: schema), logger: logger, fence: nil, claims: nil)
        try await store.migrate()
        return store
    }

    private init(client: PostgresClient, tables: Tables, logger: Logger, fence: (name: String, owner: String, epoch: Int)?, claims: ShardClaims?) {
        self.client = client
        self.tables = tables
        self.logger = logger
        self.fence = fence
        self.claims = claims
    }

    /// The same store, with every write made under `lease` at `epoch`.
    public func fenced(by lease: PostgresLease, epoch: Int) -> PostgresStateStore {
        PostgresStateStore(client: client, tables: tables, logger: logger, fence: (lease.name, lease.owner, epoch), claims: claims)
    }

    /// The same store as one worker of several sees it: the pending events, due actions, due
    /// timers and unsettled actions of the shards `claims` has ready, and writes fenced by
    /// the shards they touch.
    public func share(_ claims: ShardClaims) -> PostgresStateStore {
        PostgresStateStore(client: client, tables: tables, logger: logger, fence: fence, claims: claims)
    }

    /// The store as a whole, without lease or claims: for reading all of it (`inboxbot status`).
    public var whole: PostgresStateStore {
        PostgresStateStore(client: client, tables: tables, logger: logger, fence: nil, claims: nil)
    }

    /// A lease (or a shard) a write was to be made under is no longer held.
    public struct LeaseLost: OwnershipLost, CustomStringConvertible {
        public let description: String
    }

    /// What a write is about, for the shard fence: its shards are found from these in the
    /// write's own transaction.
    struct Scope {
        var events: [String] = []
        var timers: [String] = []
        var actionKeys: [String] = []
        var conversations: [String] = []
        var isEmpty: Bool { events.isEmpty && timers.isEmpty && actionKeys.isEmpty && conversations.isEmpty }
        static let none = Scope()
    }

    /// A write: one transaction, which first checks (and holds against a takeover until it
    /// commits) the lease and the shards it is made under.
    func write<T: Sendable>(_ scope: Scope, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.answeredTransaction(logger: logger) { connection in
            try await checkFence(scope, on: connection)
            return try await body(connection)
        }
    }

    private func checkFence(_ scope: Scope, on connection: PostgresConnection) async throws {
        if let fence {
            let held = try await connection.answeredQuery("""
                SELECT epoch FROM \(unescaped: tables.leases) WHERE name = \(fence.name) AND owner = \(fence.owner) AND epoch = \(fence.epoch)
                AND expires_at >= \(unescaped: Self.databaseNow) FOR SHARE
                """, logger: logger).rows
            guard !held.isEmpty else {
                throw LeaseLost(description: "the lease '\(fence.name)' (epoch \(fence.epoch)) is no longer held by \(fence.owner); nothing was written")
            }
        }
        guard let claims, !scope.isEmpty else { return }
        let epochs = claims.epochs
        let rows = try await connection.answeredQuery("""
            WITH needed AS (
                SELECT shard FROM \(unescaped: tables.inbox) WHERE event_id = ANY(\(scope.events))
                UNION SELECT shard FROM \(unescaped: tables.timers) WHERE key = ANY(\(scope.timers))
                UNION SELECT shard FROM \(unescaped: tables.outbox) WHERE key = ANY(\(scope.actionKeys))
                UNION SELECT \(unescaped: Self.shardExpression("c")) FROM unnest(\(scope.conversations)::text[]) AS c
            ), held AS (
                SELECT s.shard FROM \(unescaped: tables.shards) s
                JOIN unnest(\(Array(epochs.keys))::bigint[], \(Array(epochs.values))::bigint[]) AS m(shard, epoch) ON m.shard = s.shard AND m.epoch = s.epoch
                WHERE s.owner = \(claims.owner) AND s.expires_at >= \(unescaped: Self.databaseNow) AND s.shard IN (SELECT shard FROM needed)
                ORDER BY s.shard FOR KEY SHARE OF s
            )
            SELECT shard FROM needed WHERE shard NOT IN (SELECT shard FROM held) ORDER BY shard
            """, logger: logger)
        var lost: [Int] = []
        for try await shard in rows.decode(Int.self) { lost.append(shard) }
        // FOR KEY SHARE holds off a taking (FOR UPDATE) until this commits, but not the
        // keeper's renewals; rows are locked in shard order, as the keeper locks them.
        guard lost.isEmpty else {
            throw LeaseLost(description: "shard \(lost.map(String.init).joined(separator: ", ")) is no longer held by \(claims.owner); nothing was written")
        }
    }

    /// The database's clock in seconds since 1970: leases are timed by it alone, so that the
    /// workers' clocks may differ.
    static let databaseNow = "extract(epoch FROM clock_timestamp())::double precision"

    /// The shards whose work this view reads: all when it is the whole store, none yet when
    /// it is a worker's share that has none ready.
    private var readable: [Int]? { claims.map(\.ready) }

    /// Tells the workers listening on this schema that there is work in these shards: sent on
    /// commit, as `inbox 3,17`, so that only their holders look.
    private func notify(_ queue: Wakeup.Queue, shards: Set<Int>, on connection: PostgresConnection) async throws {
        try await connection.answeredQuery("SELECT pg_notify(\(tables.channel), \(Wakeup(queue: queue, shards: shards).payload))", logger: logger)
    }

    static let encoder = JSONEncoder()

    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    // MARK: Inbox

    /// One statement for the whole batch (a round trip per event would bound throughput by
    /// the network); the events keep their order in the inbox.
    public func admit(_ events: [Event], source: String, at time: Date) async throws -> [Bool] {
        guard !events.isEmpty else { return [] }
        let ids = events.map(\.id)
        let conversations = events.map(\.conversation.id)
        let bodies = events.map { ByteBuffer(bytes: EventJSONWriter.data($0)) }
        let inbox = tables.inbox
        let inserted = try await write(.none) { connection in
            var inserted: Set<String> = []
            let rows = try await connection.answeredQuery("""
                INSERT INTO \(unescaped: inbox) (event_id, conversation_id, source, received_at, event_json)
                SELECT e.id, e.conversation, \(source), \(Self.seconds(time)), e.body
                FROM unnest(\(ids)::text[], \(conversations)::text[], \(bodies)::bytea[]) WITH ORDINALITY AS e(id, conversation, body, position)
                ORDER BY e.position
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id, shard
                """, logger: logger)
            var shards: Set<Int> = []
            for try await (id, shard) in rows.decode((String, Int).self) {
                inserted.insert(id)
                shards.insert(shard)
            }
            if !shards.isEmpty { try await notify(.inbox, shards: shards, on: connection) }
            return inserted
        }
        // An id twice in one batch is new the first time only.
        var seen: Set<String> = []
        return ids.map { inserted.contains($0) && seen.insert($0).inserted }
    }

    public func pendingEvents(limit: Int) async throws -> [Event] {
        let rows: AnsweredRows
        if let shards = readable {
            guard !shards.isEmpty else { return [] }
            rows = try await client.answeredQuery("""
                SELECT event_json FROM \(unescaped: tables.inbox) WHERE processed_at IS NULL AND shard = ANY(\(shards)) ORDER BY sequence LIMIT \(limit)
                """, logger: logger)
        } else {
            rows = try await client.answeredQuery("SELECT event_json FROM \(unescaped: tables.inbox) WHERE processed_at IS NULL ORDER BY sequence LIMIT \(limit)", logger: logger)
        }
        var events: [Event] = []
        for try await json in rows.decode(Data.self) { events.append(try EventLineDecoder.stored(json)) }
        return events
    }

    public func event(id: String) async throws -> Event? {
        let rows = try await client.answeredQuery("SELECT event_json FROM \(unescaped: tables.inbox) WHERE event_id = \(id)", logger: logger)
        for try await json in rows.decode(Data.self) { return try EventLineDecoder.stored(json) }
        return nil
    }

    public func complete(_ completions: [EventCompletion], at time: Date) async throws {
        let encoded = try completions.map { completion in
            (completion, try completion.actions.map { ($0, try Self.encoder.encode($0.action), EventJSONWriter.data($0.conversation)) })
        }
        let tables = tables
        let now = Self.seconds(time)
        let entries = encoded.flatMap(\.1)
        // A rule firing twice on a conversation in one batch keeps its latest time.
        var firings: [String: (rule: String, conversation: String, at: Double)] = [:]
        for (completion, _) in encoded {
            for firing in completion.firings {
                let at = Self.seconds(completion.firedAt)
                if (firings[firing.rule + "\u{0}" + firing.conversation]?.at ?? -.infinity) <= at {
                    firings[firing.rule + "\u{0}" + firing.conversation] = (firing.rule, firing.conversation, at)
                }
            }
        }
        let firingList = Array(firings.values)
        let processed = encoded.filter { $0.0.firedTimer == nil }.map(\.0.eventID)
        var scope = Scope(events: processed, timers: completions.compactMap(\.firedTimer))
        // Firings are left out: a per-contact firing's scope is no conversation, and a rule's
        // firing always comes with its decision's audit record, which names the conversation.
        scope.conversations = Array(Set(entries.map(\.0.conversationID) + completions.compactMap(\.timers?.conversationID)
            + completions.flatMap { $0.audit.compactMap(\.conversationID) }))
        try await write(scope) { connection in
            // Each table in one statement for the whole batch; the timers, which are rare, in order.
            if !entries.isEmpty {
                try await connection.answeredQuery("""
                    INSERT INTO \(unescaped: tables.outbox) (key, rule_id, rule_set_version, conversation_id, event_id, action_index, action_json,
                                        snapshot_json, state, attempts, next_attempt_at, detail, created_at, updated_at)
                    SELECT e.key, e.rule, e.version, e.conversation, e.event, e.position, e.action, e.snapshot, e.state, 0, e.next, NULL, \(now), \(now)
                    FROM unnest(\(entries.map(\.0.key))::text[], \(entries.map(\.0.ruleID))::text[], \(entries.map(\.0.ruleSetVersion))::text[],
                                \(entries.map(\.0.conversationID))::text[], \(entries.map(\.0.eventID))::text[], \(entries.map(\.0.actionIndex))::bigint[],
                                \(entries.map { ByteBuffer(bytes: $0.1) })::bytea[], \(entries.map { ByteBuffer(bytes: $0.2) })::bytea[],
                                \(entries.map(\.0.state.rawValue))::text[], \(entries.map { Self.seconds($0.0.nextAttemptAt) })::float8[])
                         WITH ORDINALITY AS e(key, rule, version, conversation, event, position, action, snapshot, state, next, queued)
                    ORDER BY e.queued
                    ON CONFLICT (key) DO NOTHING
                    """, logger: logger)
                try await connection.answeredQuery("""
                    SELECT pg_notify(\(tables.channel), 'outbox ' || string_agg(DISTINCT \(unescaped: Self.shardExpression("c"))::text, ','))
                    FROM unnest(\(entries.map(\.0.conversationID))::text[]) AS c
                    """, logger: logger)
            }
            if !firingList.isEmpty {
                try await connection.answeredQuery("""
                    INSERT INTO \(unescaped: tables.firings) (rule_id, conversation_id, fired_at)
                    SELECT * FROM unnest(\(firingList.map(\.rule))::text[], \(firingList.map(\.conversation))::text[], \(firingList.map(\.at))::float8[])
                    ON CONFLICT (rule_id, conversation_id) DO UPDATE SET fired_at = excluded.fired_at
                    """, logger: logger)
            }
            try await Self.apply(completions.flatMap(\.contactChanges), into: connection, tables: tables, logger: logger)
            try await Self.record(completions.compactMap(\.assignment), into: connection, tables: tables, logger: logger)
            try await Self.insert(encoded.flatMap(\.0.audit), into: connection, tables: tables, logger: logger)
            for (completion, _) in encoded {
                if let timers = completion.timers { try await Self.apply(timers, into: connection, tables: tables, logger: logger) }
                if let fired = completion.firedTimer {
                    try await connection.answeredQuery("UPDATE \(unescaped: tables.timers) SET fired_at = \(now) WHERE key = \(fired)", logger: logger)
                }
            }
            if !processed.isEmpty {
                try await connection.answeredQuery("UPDATE \(unescaped: tables.inbox) SET processed_at = \(now) WHERE event_id = ANY(\(processed))", logger: logger)
            }
        }
    }

    // MARK: Firing ledger

    public func firings(conversationIDs: Set<String>) async throws -> [String: [String: Date]] {
        let rows = try await client.answeredQuery("""
            SELECT conversation_id, rule_id, fired_at FROM \(unescaped: tables.firings) WHERE conversation_id = ANY(\(Array(conversationIDs)))
            """, logger: logger)
        var firings: [String: [String: Date]] = [:]
        for try await (conversation, rule, firedAt) in rows.decode((String, String, Double).self) {
            firings[conversation, default: [:]][rule] = Self.date(firedAt)
        }
        return firings
    }

    // MARK: Assignments

    /// Keeps the latest of each conversation's assignments (the latest of the batch first).
    static func record(_ assignments: [ConversationAssignment], into connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        var latest: [String: ConversationAssignment] = [:]
        for assignment in assignments where (latest[assignment.conversationID]?.at ?? .distantPast) <= assignment.at {
            latest[assignment.conversationID] = assignment
        }
        guard !latest.isEmpty else { return }
        let rows = latest.values.sorted { $0.conversationID < $1.conversationID }
        try await connection.answeredQuery("""
            INSERT INTO \(unescaped: tables.assignments) (conversation_id, assignee, open, updated_at)
            SELECT c, NULLIF(a, ''), o, t FROM unnest(\(rows.map(\.conversationID))::text[], \(rows.map { $0.assignee ?? "" })::text[],
                                                     \(rows.map(\.open))::boolean[], \(rows.map { seconds($0.at) })::float8[]) AS r(c, a, o, t)
            ON CONFLICT (conversation_id) DO UPDATE SET assignee = excluded.assignee, open = excluded.open, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= \(unescaped: tables.assignments).updated_at
            """, logger: logger)
    }

    public func openAssignmentCounts(assignees: Set<String>) async throws -> [String: Int] {
        guard !assignees.isEmpty else { return [:] }
        let rows = try await client.answeredQuery("""
            SELECT assignee, COUNT(*) FROM \(unescaped: tables.assignments) WHERE open AND assignee = ANY(\(assignees.map { $0.lowercased() })) GROUP BY assignee
            """, logger: logger)
        var counts: [String: Int] = [:]
        for try await (assignee, count) in rows.decode((String, Int).self) { counts[assignee] = count }
        return counts
    }

    public func recordAssignment(_ assignment: ConversationAssignment) async throws {
        let tables = tables
        try await write(Scope(conversations: [assignment.conversationID])) { connection in
            try await Self.record([assignment], into: connection, tables: tables, logger: logger)
        }
    }

    // MARK: Contacts

    /// Records opt-outs, opt-ins and sends, in order (an opt-in after an opt-out in the same batch wins).
    static func apply(_ changes: [ContactChange], into connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        var sendKeys: [String] = [], sendTimes: [Double] = []
        for change in changes {
            switch change {
            case .optOut(let keys, let optOut):
                // The first opt-out stands: its event's own sends before it were let through.
                try await connection.answeredQuery("""
                    INSERT INTO \(unescaped: tables.contactOptOuts) (contact_key, opted_out_at, event_id, rule_id)
                    SELECT k, \(seconds(optOut.at)), \(optOut.eventID), \(optOut.ruleID) FROM unnest(\(keys)::text[]) AS k
                    ON CONFLICT (contact_key) DO NOTHING
                    """, logger: logger)
            case .optIn(let keys):
                try await connection.answeredQuery("""
                    DELETE FROM \(unescaped: tables.contactOptOuts)
                    WHERE event_id IN (SELECT event_id FROM \(unescaped: tables.contactOptOuts) WHERE contact_key = ANY(\(keys)))
                    """, logger: logger)
            case .sent(let key, let time):
                sendKeys.append(key)
                sendTimes.append(seconds(time))
            }
        }
        guard !sendKeys.isEmpty else { return }
        try await connection.answeredQuery("""
            INSERT INTO \(unescaped: tables.contactSends) (contact_key, sent_at) SELECT * FROM unnest(\(sendKeys)::text[], \(sendTimes)::float8[])
            """, logger: logger)
    }

    public func optOuts(contactKeys: Set<String>) async throws -> [String: OptOut] {
        guard !contactKeys.isEmpty else { return [:] }
        let tables = tables
        return try await client.withConnection { connection in
            try await Self.optOuts(contactKeys, on: connection, tables: tables, logger: logger)
        }
    }

    static func optOuts(_ contactKeys: Set<String>, on connection: PostgresConnection, tables: Tables, logger: Logger) async throws -> [String: OptOut] {
        guard !contactKeys.isEmpty else { return [:] }
        let rows = try await connection.answeredQuery("""
            SELECT contact_key, opted_out_at, event_id, rule_id FROM \(unescaped: tables.contactOptOuts) WHERE contact_key = ANY(\(Array(contactKeys)))
            """, logger: logger)
        var optOuts: [String: OptOut] = [:]
        for try await (key, at, eventID, ruleID) in rows.decode((String, Double, String, String?).self) {
            optOuts[key] = OptOut(at: date(at), eventID: eventID, ruleID: ruleID)
        }
        return optOuts
    }

    public func optOutList(limit: Int) async throws -> [(contactKey: String, optOut: OptOut)] {
        let rows = try await client.answeredQuery("""
            SELECT contact_key, opted_out_at, event_id, rule_id FROM \(unescaped: tables.contactOptOuts) ORDER BY opted_out_at DESC, contact_key DESC LIMIT \(limit)
            """, logger: logger)
        var list: [(contactKey: String, optOut: OptOut)] = []
        for try await (key, at, eventID, ruleID) in rows.decode((String, Double, String, String?).self) {
            list.append((key, OptOut(at: Self.date(at), eventID: eventID, ruleID: ruleID)))
        }
        return list
    }

    /// Not about a conversation, so under no shard's fence: contacts are shared by all workers.
    public func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws {
        let tables = tables
        try await write(.none) { connection in
            try await Self.apply(changes, into: connection, tables: tables, logger: logger)
            try await Self.insert(audit, into: connection, tables: tables, logger: logger)
        }
    }

    public func sendTimes(contactKeys: Set<String>, since time: Date) async throws -> [String: [Date]] {
        guard !contactKeys.isEmpty else { return [:] }
        let rows = try await client.answeredQuery("""
            SELECT contact_key, sent_at FROM \(unescaped: tables.contactSends) WHERE contact_key = ANY(\(Array(contactKeys))) AND sent_at >= \(Self.seconds(time))
            """, logger: logger)
        var sends: [String: [Date]] = [:]
        for try await (key, at) in rows.decode((String, Double).self) { sends[key, default: []].append(Self.date(at)) }
        return sends
    }

    // MARK: Outbox

    public func dueActions(at time: Date, limit: Int) async throws -> [OutboxEntry] {
        guard let shards = readable else {
            return try await fetchActions("""
                SELECT \(unescaped: Self.outboxColumns) FROM \(unescaped: tables.outbox)
                WHERE state = 'pending' AND next_attempt_at <= \(Self.seconds(time)) ORDER BY next_attempt_at, created_at, sequence LIMIT \(limit)
                """)
        }
        guard !shards.isEmpty else { return [] }
        return try await fetchActions("""
            SELECT \(unescaped: Self.outboxColumns) FROM \(unescaped: tables.outbox)
            WHERE state = 'pending' AND next_attempt_at <= \(Self.seconds(time)) AND shard = ANY(\(shards)) ORDER BY next_attempt_at, created_at, sequence LIMIT \(limit)
            """)
    }

    public func markInFlight(keys: [String], at time: Date) async throws {
        let tables = tables
        try await write(Scope(actionKeys: keys)) { connection in
            try await Self.markInFlight(keys, at: time, on: connection, tables: tables, logger: logger)
        }
    }

    public func update(_ updates: [ActionUpdate], at time: Date) async throws {
        let tables = tables
        try await write(Scope(actionKeys: updates.map(\.key))) { connection in
            try await Self.apply(updates, at: time, on: connection, tables: tables, logger: logger)
        }
    }

    public func record(_ updates: [ActionUpdate], starting starts: [ActionStart], at time: Date) async throws -> [OptOut?] {
        let tables = tables
        return try await write(Scope(actionKeys: updates.map(\.key) + starts.map(\.key))) { connection in
            try await Self.apply(updates, at: time, on: connection, tables: tables, logger: logger)
            let optOuts = try await Self.optOuts(Set(starts.flatMap(\.contactKeys)), on: connection, tables: tables, logger: logger)
            let guarded = ActionStart.guarded(starts, optOuts: optOuts)
            try await Self.markInFlight(guarded.toMark, at: time, on: connection, tables: tables, logger: logger)
            return guarded.blocked
        }
    }

    static func markInFlight(_ keys: [String], at time: Date, on connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        guard !keys.isEmpty else { return }
        let now = seconds(time)
        _ = try await connection.answeredQuery("""
            UPDATE \(unescaped: tables.outbox) SET state = 'in_flight', attempts = attempts + 1, updated_at = \(now), attempted_at = \(now)
            WHERE key = ANY(\(keys))
            """, logger: logger)
    }

    static func apply(_ updates: [ActionUpdate], at time: Date, on connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        let now = seconds(time)
        for update in updates {
            try await connection.answeredQuery("""
                UPDATE \(unescaped: tables.outbox) SET state = \(update.state.rawValue), detail = \(update.detail),
                    next_attempt_at = COALESCE(\(update.nextAttemptAt.map(Self.seconds)), next_attempt_at), updated_at = \(now)
                WHERE key = \(update.key)
                """, logger: logger)
            try await insert(update.audit, into: connection, tables: tables, logger: logger)
        }
    }

    public func action(key: String) async throws -> OutboxEntry? {
        try await fetchActions("SELECT \(unescaped: Self.outboxColumns) FROM \(unescaped: tables.outbox) WHERE key = \(key)").first
    }

    public func actions(in states: [OutboxEntry.State], limit: Int) async throws -> [OutboxEntry] {
        guard let shards = readable else {
            return try await fetchActions("""
                SELECT \(unescaped: Self.outboxColumns) FROM \(unescaped: tables.outbox) WHERE state = ANY(\(states.map(\.rawValue)))
                ORDER BY updated_at DESC, key LIMIT \(limit)
                """)
        }
        return try await actions(in: states, shards: shards, limit: limit)
    }

    /// The actions in `states` of these shards: a shard taken over is first searched for what
    /// its previous holder left in flight.
    public func actions(in states: [OutboxEntry.State], shards: [Int], limit: Int) async throws -> [OutboxEntry] {
        guard !shards.isEmpty else { return [] }
        return try await fetchActions("""
            SELECT \(unescaped: Self.outboxColumns) FROM \(unescaped: tables.outbox) WHERE state = ANY(\(states.map(\.rawValue))) AND shard = ANY(\(shards))
            ORDER BY updated_at DESC, key LIMIT \(limit)
            """)
    }

    public func actionCounts(conversationIDs: Set<String>, since time: Date) async throws -> [String: Int] {
        let rows = try await client.answeredQuery("""
            SELECT conversation_id, COUNT(*) FROM \(unescaped: tables.outbox)
            WHERE conversation_id = ANY(\(Array(conversationIDs))) AND created_at >= \(Self.seconds(time)) AND state != 'dry_run'
            GROUP BY conversation_id
            """, logger: logger)
        var counts: [String: Int] = [:]
        for try await (conversation, count) in rows.decode((String, Int).self) { counts[conversation] = count }
        return counts
    }

    public func ownActions(platformIDs: Set<String>) async throws -> Set<String> {
        guard !platformIDs.isEmpty else { return [] }
        let rows = try await client.answeredQuery("""
            SELECT detail FROM \(unescaped: tables.outbox) WHERE detail = ANY(\(Array(platformIDs))) AND state = 'done'
            """, logger: logger)
        var own: Set<String> = []
        for try await detail in rows.decode(String.self) { own.insert(detail) }
        return own
    }

    public func conversationsWithActionsInFlight(among conversationIDs: Set<String>) async throws -> Set<String> {
        let rows = try await client.answeredQuery("""
            SELECT DISTINCT conversation_id FROM \(unescaped: tables.outbox) WHERE state = 'in_flight' AND conversation_id = ANY(\(Array(conversationIDs)))
            """, logger: logger)
        var found: Set<String> = []
        for try await id in rows.decode(String.self) { found.insert(id) }
        return found
    }

    static let outboxColumns = """
        key, rule_id, rule_set_version, event_id, action_index, action_json, snapshot_json, state, attempts, next_attempt_at, detail, created_at, updated_at, attempted_at
        """

    private func fetchActions(_ query: PostgresQuery) async throws -> [OutboxEntry] {
        let rows = try await client.answeredQuery(query, logger: logger)
        let decoder = JSONDecoder()
        var entries: [OutboxEntry] = []
        for try await row in rows {
            let (_, ruleID, version, eventID, index, actionJSON, snapshotJSON, state, attempts, nextAttemptAt, detail, createdAt, updatedAt, attemptedAt) =
                try row.decode((String, String, String, String, Int, Data, Data, String, Int, Double, String?, Double, Double, Double?).self)
            var entry = OutboxEntry(
                ruleID: ruleID, ruleSetVersion: version, conversation: try EventLineDecoder.storedConversation(snapshotJSON),
                eventID: eventID, actionIndex: index, action: try decoder.decode(RenderedAction.self, from: actionJSON),
                state: OutboxEntry.State(rawValue: state) ?? .pending, at: Self.date(createdAt))
            entry.attempts = attempts
            entry.nextAttemptAt = Self.date(nextAttemptAt)
            entry.detail = detail
            entry.updatedAt = Self.date(updatedAt)
            entry.attemptedAt = attemptedAt.map(Self.date)
            entries.append(entry)
        }
        return entries
    }

    // MARK: Cursors

    public func cursor(named name: String) async throws -> Data? {
        let rows = try await client.answeredQuery("SELECT data FROM \(unescaped: tables.cursors) WHERE name = \(name)", logger: logger)
        for try await data in rows.decode(Data.self) { return data }
        return nil
    }

    public func saveCursor(named name: String, _ data: Data, at time: Date) async throws {
        let cursors = tables.cursors
        try await write(.none) { connection in
            _ = try await connection.answeredQuery("""
                INSERT INTO \(unescaped: cursors) (name, data, updated_at) VALUES (\(name), \(data), \(Self.seconds(time)))
                ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// One statement, so two workers never take the same turn.
    public func nextTurn(named name: String, at time: Date) async throws -> Int {
        let rows = try await client.answeredQuery("""
            INSERT INTO \(unescaped: tables.cursors) AS c (name, data, updated_at) VALUES (\(name), convert_to('1', 'UTF8'), \(Self.seconds(time)))
            ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at, data = convert_to((CASE
                WHEN convert_from(c.data, 'UTF8') ~ '^[0-9]{1,18}$' THEN convert_from(c.data, 'UTF8')::bigint ELSE 0 END + 1)::text, 'UTF8')
            RETURNING convert_from(data, 'UTF8')::bigint
            """, logger: logger)
        for try await taken in rows.decode(Int.self) { return taken - 1 }
        return 0
    }

    // MARK: Audit

    public func append(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        let tables = tables
        try await write(.none) { connection in
            try await Self.insert(records, into: connection, tables: tables, logger: logger)
        }
    }

    /// In one statement, in order (the audit is read back by id).
    static func insert(_ records: [AuditRecord], into connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        guard !records.isEmpty else { return }
        // Absent ids travel as empty text and come back as NULL.
        try await connection.answeredQuery("""
            INSERT INTO \(unescaped: tables.audit) (at, kind, conversation_id, event_id, rule_id, rule_set_version, message)
            SELECT r.at, r.kind, NULLIF(r.conversation, ''), NULLIF(r.event, ''), NULLIF(r.rule, ''), r.version, r.message
            FROM unnest(\(records.map { seconds($0.time) })::float8[], \(records.map(\.kind.rawValue))::text[], \(records.map { $0.conversationID ?? "" })::text[],
                        \(records.map { $0.eventID ?? "" })::text[], \(records.map { $0.ruleID ?? "" })::text[], \(records.map(\.ruleSetVersion))::text[],
                        \(records.map(\.message))::text[]) WITH ORDINALITY AS r(at, kind, conversation, event, rule, version, message, position)
            ORDER BY r.position
            """, logger: logger)
    }

    public func audit(conversationID: String, limit: Int) async throws -> [AuditRecord] {
        try await fetchAudit("""
            SELECT at, kind, conversation_id, event_id, rule_id, rule_set_version, message FROM \(unescaped: tables.audit)
            WHERE conversation_id = \(conversationID) ORDER BY id DESC LIMIT \(limit)
            """)
    }

    public func recentAudit(limit: Int) async throws -> [AuditRecord] {
        try await fetchAudit("""
            SELECT at, kind, conversation_id, event_id, rule_id, rule_set_version, message FROM \(unescaped: tables.audit) ORDER BY id DESC LIMIT \(limit)
            """)
    }

    /// Newest first from the query; oldest first to the caller.
    private func fetchAudit(_ query: PostgresQuery) async throws -> [AuditRecord] {
        let rows = try await client.answeredQuery(query, logger: logger)
        var records: [AuditRecord] = []
        for try await (at, kind, conversation, event, rule, version, message) in rows.decode((Double, String, String?, String?, String?, String, String).self) {
            records.append(AuditRecord(time: Self.date(at), kind: AuditRecord.Kind(rawValue: kind) ?? .note, conversationID: conversation, eventID: event,
                                       ruleID: rule, ruleSetVersion: version, message: message))
        }
        return records.reversed()
    }

    public func counts() async throws -> (pendingEvents: Int, actions: [OutboxEntry.State: Int]) {
        var pending = 0
        for try await count in try await client.answeredQuery("SELECT COUNT(*) FROM \(unescaped: tables.inbox) WHERE processed_at IS NULL", logger: logger).decode(Int.self) {
            pending = count
        }
        var actions: [OutboxEntry.State: Int] = [:]
        let rows = try await client.answeredQuery("SELECT state, COUNT(*) FROM \(unescaped: tables.outbox) GROUP BY state", logger: logger)
        for try await (state, count) in rows.decode((String, Int).self) {
            if let state = OutboxEntry.State(rawValue: state) { actions[state] = count }
        }
        return (pending, actions)
    }

    public func oldestPendingEventReceivedAt() async throws -> Date? {
        let rows = try await client.answeredQuery("SELECT received_at FROM \(unescaped: tables.inbox) WHERE processed_at IS NULL ORDER BY sequence LIMIT 1", logger: logger)
        for try await seconds in rows.decode(Double.self) { return Self.date(seconds) }
        return nil
    }

    // MARK: Timers

    /// Cancels, then arms, in the caller's transaction. A timer is armed unless one of the
    /// same rule and kind waits on the conversation already, or its episode has fired.
    static func apply(_ changes: TimerChanges, into connection: PostgresConnection, tables: Tables, logger: Logger) async throws {
        for (ruleID, kind) in changes.cancel {
            try await connection.answeredQuery("""
                DELETE FROM \(unescaped: tables.timers) WHERE conversation_id = \(changes.conversationID) AND rule_id = \(ruleID) AND kind = \(kind) AND fired_at IS NULL
                """, logger: logger)
        }
        for timer in changes.arm {
            let kind = String(timer.kind)
            let event = timer.event.map(EventJSONWriter.data)
            try await connection.answeredQuery("""
                INSERT INTO \(unescaped: tables.timers) (key, rule_id, conversation_id, episode, kind, due_at, armed_at, event_json)
                SELECT \(timer.key), \(timer.ruleID), \(timer.conversationID), \(timer.episode), \(kind), \(seconds(timer.dueAt)), \(seconds(timer.armedAt)), \(event)
                WHERE NOT EXISTS (SELECT 1 FROM \(unescaped: tables.timers) WHERE conversation_id = \(timer.conversationID) AND rule_id = \(timer.ruleID)
                                  AND kind = \(kind) AND fired_at IS NULL)
                ON CONFLICT (key) DO NOTHING
                """, logger: logger)
        }
    }

    public func dueTimers(at time: Date, limit: Int) async throws -> [TimerRecord] {
        let shards = readable ?? Array(0..<Self.shardCount)
        guard !shards.isEmpty else { return [] }
        let rows = try await client.answeredQuery("""
            SELECT rule_id, conversation_id, episode, due_at, armed_at, event_json FROM \(unescaped: tables.timers)
            WHERE fired_at IS NULL AND due_at <= \(Self.seconds(time)) AND shard = ANY(\(shards)) ORDER BY due_at LIMIT \(limit)
            """, logger: logger)
        var timers: [TimerRecord] = []
        for try await (rule, conversation, episode, dueAt, armedAt, event) in rows.decode((String, String, String, Double, Double, Data?).self) {
            timers.append(TimerRecord(ruleID: rule, conversationID: conversation, episode: episode, dueAt: Self.date(dueAt), armedAt: Self.date(armedAt),
                                      event: try event.map(EventLineDecoder.stored)))
        }
        return timers
    }

    public func armedTimerCount() async throws -> Int {
        for try await count in try await client.answeredQuery("SELECT COUNT(*) FROM \(unescaped: tables.timers) WHERE fired_at IS NULL", logger: logger).decode(Int.self) {
            return count
        }
        return 0
    }

    // MARK: Retention

    public func prune(auditBefore: Date, processedEventsBefore: Date) async throws -> Int {
        let tables = tables
        return try await write(.none) { connection in
            var removed = 0
            for query: PostgresQuery in [
                "DELETE FROM \(unescaped: tables.audit) WHERE at < \(Self.seconds(auditBefore)) RETURNING 1",
                "DELETE FROM \(unescaped: tables.inbox) WHERE processed_at IS NOT NULL AND processed_at < \(Self.seconds(processedEventsBefore)) RETURNING 1",
                "DELETE FROM \(unescaped: tables.timers) WHERE fired_at IS NOT NULL AND fired_at < \(Self.seconds(processedEventsBefore)) RETURNING 1",
                "DELETE FROM \(unescaped: tables.contactSends) WHERE sent_at < \(Self.seconds(processedEventsBefore)) RETURNING 1",
            ] {
                removed += try await connection.answeredQuery(query, logger: logger).rows.count
            }
            return removed
        }
    }
}
