import GRDB

/// The schema, as versioned migrations: a migration, once shipped, is never edited; a
/// change is a new one appended here.
extension SQLiteStateStore {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: inbox, outbox, firings, cursors, audit, timers") { db in
            // Events in, deduplicated by id. An event keeps its JSON (for `inboxbot explain`)
            // and its key until retention removes the row, so a late repeat is still recognised.
            try db.execute(sql: """
                CREATE TABLE inbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    event_json BLOB,
                    processed_at REAL
                );
                CREATE INDEX inbox_pending ON inbox (sequence) WHERE processed_at IS NULL;
                CREATE INDEX inbox_processed_at ON inbox (processed_at) WHERE processed_at IS NOT NULL;

                CREATE TABLE outbox (
                    key TEXT PRIMARY KEY,
                    rule_id TEXT NOT NULL,
                    rule_set_version TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    action_index INTEGER NOT NULL,
                    action_json BLOB NOT NULL,
                    snapshot_json BLOB NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    detail TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
                CREATE INDEX outbox_conversation ON outbox (conversation_id, created_at);

                CREATE TABLE firings (
                    rule_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    fired_at REAL NOT NULL,
                    PRIMARY KEY (rule_id, conversation_id)
                );
                CREATE INDEX firings_conversation ON firings (conversation_id);

                CREATE TABLE cursors (
                    name TEXT PRIMARY KEY,
                    data BLOB NOT NULL,
                    updated_at REAL NOT NULL
                );

                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    kind TEXT NOT NULL,
                    conversation_id TEXT,
                    event_id TEXT,
                    rule_id TEXT,
                    rule_set_version TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE INDEX audit_conversation ON audit (conversation_id, id);
                CREATE INDEX audit_at ON audit (at);

                CREATE TABLE timers (
                    key TEXT PRIMARY KEY,
                    rule_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    episode TEXT NOT NULL,
                    due_at REAL NOT NULL,
                    armed_at REAL NOT NULL
                );
                CREATE INDEX timers_due ON timers (due_at);
                CREATE INDEX timers_conversation ON timers (conversation_id, rule_id);
                """)
        }
        migrator.registerMigration("v2: find actions by what the platform returned") { db in
            try db.execute(sql: "CREATE INDEX outbox_detail ON outbox (detail) WHERE state = 'done'")
        }
        migrator.registerMigration("v3: count a conversation's actions from the index alone") { db in
            // The action budget counts recent actions per conversation on every batch; with the
            // state in the index it never reads the rows. It replaces the narrower index.
            try db.execute(sql: "CREATE INDEX outbox_budget ON outbox (conversation_id, created_at, state)")
            try db.execute(sql: "DROP INDEX outbox_conversation")
        }
        migrator.registerMigration("v4: timers carry their event, kind and firing") { db in
            // A fired timer is kept (until retention) so that its episode never fires twice.
            try db.execute(sql: """
                ALTER TABLE timers ADD COLUMN kind TEXT NOT NULL DEFAULT '';
                ALTER TABLE timers ADD COLUMN event_json BLOB;
                ALTER TABLE timers ADD COLUMN fired_at REAL;
                DROP INDEX timers_due;
                CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;
                DROP INDEX timers_conversation;
                CREATE INDEX timers_waiting ON timers (conversation_id, rule_id, kind) WHERE fired_at IS NULL;
                """)
        }
        migrator.registerMigration("v5: when an action's latest attempt started") { db in
            // Settling a send waits from the start of the attempt, which a restart must not move.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN attempted_at REAL")
        }
        migrator.registerMigration("v6: contacts' opt-outs and automated sends") { db in
            // An opt-out is kept under every key the contact is known by (phone, contact id);
            // sends are kept a few days, for `send_limit`.
            try db.execute(sql: """
                CREATE TABLE contact_opt_outs (
                    contact_key TEXT PRIMARY KEY,
                    opted_out_at REAL NOT NULL,
                    event_id TEXT NOT NULL,
                    rule_id TEXT
                );
                CREATE TABLE contact_sends (
                    contact_key TEXT NOT NULL,
                    sent_at REAL NOT NULL
                );
                CREATE INDEX contact_sends_contact ON contact_sends (contact_key, sent_at);
                CREATE INDEX contact_sends_at ON contact_sends (sent_at);
                """)
        }
        migrator.registerMigration("v7: each conversation's assignee, for pools' counts") { db in
            try db.execute(sql: """
                CREATE TABLE assignments (
                    conversation_id TEXT PRIMARY KEY,
                    assignee TEXT,
                    open INTEGER NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX assignments_open ON assignments (assignee) WHERE open = 1;
                """)
        }
        return migrator
    }
}
