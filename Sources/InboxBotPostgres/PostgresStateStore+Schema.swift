import Foundation
import PostgresNIO

/// The schema, as versioned migrations: a migration, once shipped, is never edited; a change
/// is a new one appended here. They run in one transaction under an advisory lock, so that
/// workers starting together migrate once and none sees a half-migrated schema.
extension PostgresStateStore {
    /// The store's table names, qualified by its schema.
    struct Tables: Sendable {
        let schema: String
        var inbox: String { "\(schema).inbox" }
        var outbox: String { "\(schema).outbox" }
        var firings: String { "\(schema).firings" }
        var cursors: String { "\(schema).cursors" }
        var audit: String { "\(schema).audit" }
        var timers: String { "\(schema).timers" }
        var contactOptOuts: String { "\(schema).contact_opt_outs" }
        var contactSends: String { "\(schema).contact_sends" }
        var assignments: String { "\(schema).assignments" }
        var migrations: String { "\(schema).migrations" }
        var leases: String { "\(schema).leases" }
        var shards: String { "\(schema).shards" }
        var workers: String { "\(schema).workers" }
        /// Where workers on this schema wake each other (`LISTEN`/`NOTIFY`).
        var channel: String { "inboxbot_\(schema)" }

        /// A schema name is put into SQL as it is, so only plain lowercase names are taken.
        init(schema: String) throws {
            guard (1...63).contains(schema.utf8.count), let first = schema.unicodeScalars.first, ("a"..."z").contains(first) || first == "_",
                  schema.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            else { throw SchemaNameError(name: schema) }
            self.schema = schema
        }
    }

    struct SchemaNameError: Error, CustomStringConvertible {
        let name: String
        var description: String { "'\(name.prefix(80))' is not a schema name inboxbot takes: lowercase letters, digits and _, starting with a letter, at most 63" }
    }

    /// How many shards the conversations are spread over: the most workers that can process
    /// at once. A power of two, as the hash is masked.
    public static let shardCount = 64

    /// The SQL for the shard of a conversation id.
    static func shardExpression(_ conversation: String) -> String {
        "(hashtextextended(\(conversation), 0) & \(shardCount - 1))::int"
    }

    /// Each migration's statements, in order; the version is its position from 1.
    static func migrations(_ t: Tables) -> [(name: String, statements: [String])] {
        [
            ("v1: inbox, outbox, firings, cursors, audit, timers", [
                """
                CREATE TABLE \(t.inbox) (
                    sequence BIGSERIAL PRIMARY KEY,
                    event_id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    received_at DOUBLE PRECISION NOT NULL,
                    event_json BYTEA,
                    processed_at DOUBLE PRECISION
                )
                """,
                "CREATE INDEX inbox_pending ON \(t.inbox) (sequence) WHERE processed_at IS NULL",
                "CREATE INDEX inbox_processed_at ON \(t.inbox) (processed_at) WHERE processed_at IS NOT NULL",
                """
                CREATE TABLE \(t.outbox) (
                    key TEXT PRIMARY KEY,
                    rule_id TEXT NOT NULL,
                    rule_set_version TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    action_index BIGINT NOT NULL,
                    action_json BYTEA NOT NULL,
                    snapshot_json BYTEA NOT NULL,
                    state TEXT NOT NULL,
                    attempts BIGINT NOT NULL,
                    next_attempt_at DOUBLE PRECISION NOT NULL,
                    detail TEXT,
                    created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    attempted_at DOUBLE PRECISION
                )
                """,
                "CREATE INDEX outbox_due ON \(t.outbox) (state, next_attempt_at)",
                "CREATE INDEX outbox_budget ON \(t.outbox) (conversation_id, created_at, state)",
                "CREATE INDEX outbox_detail ON \(t.outbox) (detail) WHERE state = 'done'",
                """
                CREATE TABLE \(t.firings) (
                    rule_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    fired_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (rule_id, conversation_id)
                )
                """,
                "CREATE INDEX firings_conversation ON \(t.firings) (conversation_id)",
                "CREATE TABLE \(t.cursors) (name TEXT PRIMARY KEY, data BYTEA NOT NULL, updated_at DOUBLE PRECISION NOT NULL)",
                """
                CREATE TABLE \(t.audit) (
                    id BIGSERIAL PRIMARY KEY,
                    at DOUBLE PRECISION NOT NULL,
                    kind TEXT NOT NULL,
                    conversation_id TEXT,
                    event_id TEXT,
                    rule_id TEXT,
                    rule_set_version TEXT NOT NULL,
                    message TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_conversation ON \(t.audit) (conversation_id, id)",
                "CREATE INDEX audit_at ON \(t.audit) (at)",
                """
                CREATE TABLE \(t.timers) (
                    key TEXT PRIMARY KEY,
                    rule_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    episode TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    due_at DOUBLE PRECISION NOT NULL,
                    armed_at DOUBLE PRECISION NOT NULL,
                    event_json BYTEA,
                    fired_at DOUBLE PRECISION
                )
                """,
                "CREATE INDEX timers_due ON \(t.timers) (due_at) WHERE fired_at IS NULL",
                "CREATE INDEX timers_waiting ON \(t.timers) (conversation_id, rule_id, kind) WHERE fired_at IS NULL",
            ]),
            ("v2: leases, with an owner, an epoch and an expiry", [
                "CREATE TABLE \(t.leases) (name TEXT PRIMARY KEY, owner TEXT NOT NULL, epoch BIGINT NOT NULL, expires_at DOUBLE PRECISION NOT NULL)",
            ]),
            ("v3: conversations in \(shardCount) shards, each leased to one worker; the workers' heartbeats", [
                // The shard is a stable hash of the conversation id: the hash PostgreSQL keeps
                // stable across versions, since hash partitions depend on it.
                "ALTER TABLE \(t.inbox) ADD COLUMN shard INT GENERATED ALWAYS AS (\(shardExpression("conversation_id"))) STORED",
                "ALTER TABLE \(t.outbox) ADD COLUMN shard INT GENERATED ALWAYS AS (\(shardExpression("conversation_id"))) STORED",
                "ALTER TABLE \(t.timers) ADD COLUMN shard INT GENERATED ALWAYS AS (\(shardExpression("conversation_id"))) STORED",
                "CREATE INDEX inbox_pending_shard ON \(t.inbox) (shard, sequence) WHERE processed_at IS NULL",
                "CREATE INDEX outbox_shard ON \(t.outbox) (shard, state)",
                """
                CREATE TABLE \(t.shards) (
                    shard INT PRIMARY KEY,
                    owner TEXT NOT NULL DEFAULT '',
                    epoch BIGINT NOT NULL DEFAULT 0,
                    expires_at DOUBLE PRECISION NOT NULL DEFAULT 0
                )
                """,
                "INSERT INTO \(t.shards) (shard) SELECT generate_series(0, \(shardCount - 1))",
                """
                CREATE TABLE \(t.workers) (
                    owner TEXT PRIMARY KEY,
                    started_at DOUBLE PRECISION NOT NULL,
                    seen_at DOUBLE PRECISION NOT NULL,
                    lease_seconds DOUBLE PRECISION NOT NULL,
                    events BIGINT NOT NULL DEFAULT 0,
                    actions BIGINT NOT NULL DEFAULT 0
                )
                """,
            ]),
            ("v4: contacts' opt-outs and automated sends", [
                // Contacts are not sharded: a contact's conversations may be in any shard.
                """
                CREATE TABLE \(t.contactOptOuts) (
                    contact_key TEXT PRIMARY KEY,
                    opted_out_at DOUBLE PRECISION NOT NULL,
                    event_id TEXT NOT NULL,
                    rule_id TEXT
                )
                """,
                "CREATE TABLE \(t.contactSends) (contact_key TEXT NOT NULL, sent_at DOUBLE PRECISION NOT NULL)",
                "CREATE INDEX contact_sends_contact ON \(t.contactSends) (contact_key, sent_at)",
                "CREATE INDEX contact_sends_at ON \(t.contactSends) (sent_at)",
            ]),
            ("v5: actions keep the order they were queued in", [
                // A conversation's actions queued in one batch go out in the order the events
                // and rules gave them (a confirmation before what follows), not by key.
                "ALTER TABLE \(t.outbox) ADD COLUMN sequence BIGSERIAL",
            ]),
            ("v6: each conversation's assignee, for pools' counts", [
                """
                CREATE TABLE \(t.assignments) (
                    conversation_id TEXT PRIMARY KEY,
                    assignee TEXT,
                    open BOOLEAN NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX assignments_open ON \(t.assignments) (assignee) WHERE open",
            ]),
        ]
    }

    /// Brings the schema up to date: creates it and its migrations table when missing, then,
    /// under a transaction-scoped advisory lock keyed by the schema, applies what is missing.
    func migrate() async throws {
        let tables = tables
        let migrations = Self.migrations(tables)
        try await client.answeredTransaction(logger: logger) { connection in
            try await connection.answeredQuery("SELECT pg_advisory_xact_lock(hashtext(\("inboxbot:" + tables.schema)))", logger: logger)
            try await connection.answeredQuery("CREATE SCHEMA IF NOT EXISTS \(unescaped: tables.schema)", logger: logger)
            try await connection.answeredQuery("""
                CREATE TABLE IF NOT EXISTS \(unescaped: tables.migrations) (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.answeredQuery("SELECT version FROM \(unescaped: tables.migrations)", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            for (index, migration) in migrations.enumerated() where !applied.contains(index + 1) {
                for statement in migration.statements {
                    try await connection.answeredQuery(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.answeredQuery("""
                    INSERT INTO \(unescaped: tables.migrations) (version, name, applied_at) VALUES (\(index + 1), \(migration.name), \(Date().timeIntervalSince1970))
                    """, logger: logger)
            }
        }
    }

    /// The applied migrations' names, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await migrationHistory().map(\.name)
    }

    /// The applied migrations, oldest first, with when each was applied.
    public func migrationHistory() async throws -> [(name: String, appliedAt: Date)] {
        var history: [(name: String, appliedAt: Date)] = []
        let rows = try await client.answeredQuery("SELECT name, applied_at FROM \(unescaped: tables.migrations) ORDER BY version", logger: logger)
        for try await (name, at) in rows.decode((String, Double).self) { history.append((name, Date(timeIntervalSince1970: at))) }
        return history
    }
}
