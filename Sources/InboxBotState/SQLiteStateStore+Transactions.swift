import GRDB
import GRDBSQLite

extension SQLiteStateStore {
    /// Runs `updates` in one immediate transaction, as GRDB's `write` does, but with BEGIN and
    /// COMMIT prepared once per connection: GRDB prepares both anew for every transaction, two
    /// of the 3.3 statements an event prepared in a burst (`scripts/round-trips.sh`). Reads stay
    /// with GRDB's `read`, whose snapshot also covers its check of the schema's version.
    /// On the calling thread when the store is quiet (see `StoreCalls`).
    func writeTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        let alone = calls.enterWrite()
        defer { calls.leaveWrite() }
        // In a generic function, `T?` wraps `T` once even when `T` is itself optional.
        if alone, let done = try Self.writeHere(pool, { db in try Self.transactionAtOnce(in: db) { try updates(db) } }) { return done }
        return try await pool.writeWithoutTransaction { db in try Self.transaction(in: db) { try updates(db) } }
    }

    /// Like `transaction`, but nil at once, with nothing done, when another connection (another
    /// program) holds the write lock: then the caller's thread would wait for it up to the busy
    /// timeout, holding up the tasks it runs (a deadline's timer among them).
    static func transactionAtOnce<T>(in db: Database, _ body: () throws -> T) throws -> T? {
        guard try beganAtOnce(in: db) else { return nil }
        return try committed(in: db, body)
    }

    /// Begins a transaction without waiting for the write lock; false if another connection holds it.
    private static func beganAtOnce(in db: Database) throws -> Bool {
        sqlite3_busy_timeout(db.sqliteConnection, 0)
        defer { sqlite3_busy_timeout(db.sqliteConnection, CInt(busySeconds * 1000)) }
        do {
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            return true
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return false
        }
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
        return try committed(in: db, body)
    }

    /// Commits what `body` did in the transaction begun, or rolls it back if `body` or the commit fails.
    private static func committed<T>(in db: Database, _ body: () throws -> T) throws -> T {
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
