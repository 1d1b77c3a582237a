import GRDB

extension SQLiteStateStore {
    /// Runs `updates` in one immediate transaction, as GRDB's `write` does, but with BEGIN and
    /// COMMIT prepared once per connection: GRDB prepares both anew for every transaction, two
    /// of the 3.3 statements an event prepared in a burst (`scripts/round-trips.sh`). Reads stay
    /// with GRDB's `read`, whose snapshot also covers its check of the schema's version.
    func writeTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in try Self.transaction(in: db) { try updates(db) } }
    }

    /// Commits what `body` did, or rolls it back if `body` or the commit fails.
    static func transaction<T>(in db: Database, _ body: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            let result = try body()
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            // GRDB's rollback: it knows when SQLite has already rolled back on its own.
            try? db.rollback()
            throw error
        }
    }
}
