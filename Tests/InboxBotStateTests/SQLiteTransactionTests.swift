import Foundation
import GRDB
import Testing
@testable import InboxBotState

/// The store's own write transactions (BEGIN and COMMIT prepared once): all or nothing, and a
/// failed one leaves the connection ready for the next.
@Suite struct SQLiteTransactionTests {
    struct Refused: Error {}

    @Test func aFailedWriteLeavesNothingAndTheNextOneCommits() async throws {
        let path = StateStoreContractTests.temporaryPath()
        let store = try SQLiteStateStore(path: path)
        await #expect(throws: Refused.self) {
            try await store.writeTransaction { db in
                try db.execute(sql: "INSERT INTO cursors (name, data, updated_at) VALUES ('half', x'01', 0)")
                throw Refused()
            }
        }
        // SQLite's own refusal (the same name twice) rolls back the first insert too.
        await #expect(throws: DatabaseError.self) {
            try await store.writeTransaction { db in
                try db.execute(sql: "INSERT INTO cursors (name, data, updated_at) VALUES ('twice', x'01', 0)")
                try db.execute(sql: "INSERT INTO cursors (name, data, updated_at) VALUES ('twice', x'02', 0)")
            }
        }
        #expect(try await store.cursor(named: "half") == nil)
        #expect(try await store.cursor(named: "twice") == nil)

        try await store.saveCursor(named: "whole", Data([3]), at: StateStoreContractTests.t0)
        #expect(try await store.cursor(named: "whole") == Data([3]))
        #expect(try await SQLiteStateStore(path: path).cursor(named: "whole") == Data([3]), "committed, seen by a new connection")
    }
}
