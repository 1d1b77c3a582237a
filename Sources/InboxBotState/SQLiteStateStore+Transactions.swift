import GRDB

extension SQLiteStateStore {
    /// Runs `updates` in one immediate transaction, as GRDB's `write` does, but with BEGIN and
    /// COMMIT prepared once per connection: GRDB prepares both anew for every transaction, two
    /// of the 3.3 statements an event prepared in a burst (`scripts/round-trips.sh`). Reads stay
    /// with GRDB's `read`, whose snapshot also covers its check of the schema's version.
    /// On the calling thread when the store is quiet (see `StoreCalls`).
    func writeTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        let alone = calls.enterWrite()
        defer { calls.leaveWrite() }
        if alone { return try Self.writeHere(pool) { db in try Self.transaction(in: db) { try updates(db) } } }
        return try await pool.writeWithoutTransaction { db in try Self.transaction(in: db) { try updates(db) } }
    }

    /// GRDB's `read`, on the calling thread when reads are quiet and a reader is free (see `StoreCalls`).
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        let free = calls.enterRead()
        defer { calls.leaveRead() }
        if free { return try Self.readHere(pool, value) }
        return try await pool.read(value)
    }

    // Not async, so that GRDB's synchronous calls are the ones chosen: a free queue runs them inline.
    private static func writeHere<T>(_ pool: DatabasePool, _ updates: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(updates)
    }

    private static func readHere<T>(_ pool: DatabasePool, _ value: (Database) throws -> T) throws -> T {
        try pool.read(value)
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
