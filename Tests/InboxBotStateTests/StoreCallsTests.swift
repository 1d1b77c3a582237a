import Foundation
import GRDB
import Testing
@testable import InboxBotState

/// A store call runs on the calling thread only when nothing of its kind is under way and
/// nothing ended just before it (as in a burst, where the async hand-off lets commits gather).
@Suite struct StoreCallsTests {
    let start = ContinuousClock.now + .seconds(1)
    let quiet = Duration.microseconds(200)

    @Test func aWriteRunsHereOnlyWhenTheWriterIsFreeAndHasBeenQuiet() {
        let calls = StoreCalls(readers: 5, quiet: quiet)
        #expect(calls.enterWrite(at: start), "alone, long after the last")
        #expect(!calls.enterWrite(at: start), "another under way: this one goes through the queue")
        calls.leaveWrite(at: start)
        calls.leaveWrite(at: start + .microseconds(50))
        #expect(!calls.enterWrite(at: start + .microseconds(100)), "right behind the last: as in a burst")
        calls.leaveWrite(at: start + .microseconds(100))
        #expect(calls.enterWrite(at: start + .microseconds(400)), "quiet again")
    }

    @Test func readsRunHereWhileAReaderIsFreeAndReadsHaveBeenQuiet() {
        let calls = StoreCalls(readers: 2, quiet: quiet)
        #expect(calls.enterRead(at: start))
        #expect(calls.enterRead(at: start), "the second reader is free")
        #expect(!calls.enterRead(at: start), "no reader free: it would wait")
        for _ in 0..<3 { calls.leaveRead(at: start) }
        #expect(!calls.enterRead(at: start + .microseconds(100)))
        calls.leaveRead(at: start + .microseconds(100))
        #expect(calls.enterRead(at: start + .microseconds(300)))
        #expect(calls.enterWrite(at: start + .microseconds(300)), "writes are counted apart from reads")
    }

    /// A write on the calling thread must not wait for another program's write lock (up to the
    /// busy timeout, holding up every task of that thread): it gives up at once, and the call
    /// goes through GRDB's queue, which waits as before.
    @Test(.timeLimit(.minutes(1))) func aWriteMadeAtOnceDoesNotWaitForAnotherProgramsLock() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-calls-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let other = try DatabaseQueue(path: path)
        // The other program lets go of the lock a second after the store's try: a try that waited would get it.
        let released = Self.holdWriteLock(other)
        let atOnce = try await store.pool.writeWithoutTransaction { db in
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) { released.signal() }
            return try SQLiteStateStore.transactionAtOnce(in: db) { () -> String in
                try Self.insert("at-once", in: db)
                return "inserted"
            }
        }
        #expect(atOnce == nil, "gave up at once, with nothing done")

        // The busy timeout is back: an ordinary write waits for the lock, let go a moment later.
        let releasedAgain = Self.holdWriteLock(other)
        try await store.pool.writeWithoutTransaction { db in
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { releasedAgain.signal() }
            try SQLiteStateStore.transaction(in: db) { try Self.insert("waited", in: db) }
        }
        let names = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM cursors WHERE name IN ('at-once', 'waited')") }
        #expect(names == ["waited"])
    }

    static func insert(_ name: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO cursors (name, data, updated_at) VALUES (?, x'00', 0)", arguments: [name])
    }

    /// Takes the write lock in another connection, held until the returned semaphore is signalled.
    static func holdWriteLock(_ other: DatabaseQueue) -> DispatchSemaphore {
        let (locked, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        DispatchQueue.global().async {
            try? other.write { db in
                try db.execute(sql: "UPDATE cursors SET name = name")
                locked.signal()
                release.wait()
            }
        }
        locked.wait()
        return release
    }
}
