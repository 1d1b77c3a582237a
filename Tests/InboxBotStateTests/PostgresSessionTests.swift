import Foundation
import InboxBotPostgres
import Logging
import PostgresNIO
import Testing

/// A worker frozen inside a transaction (SIGSTOP, a paused VM) must not keep its shard rows
/// locked for ever: the server ends a session idle in a transaction past the worker's limit.
@Suite struct PostgresSessionTests {
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aTransactionLeftIdleIsEndedByTheServer() async throws {
        let location = try PostgresLocation(try #require(ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]))
        let frozen = PostgresClient(configuration: location.clientConfiguration(password: nil, transactionIdleSeconds: 1))
        let observer = PostgresClient(configuration: location.clientConfiguration(password: nil))
        let logger = Logger(label: "test")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await frozen.run() }
            group.addTask { await observer.run() }
            defer { group.cancelAll() }
            // A transaction begun and then left: the worker froze. Its connection is not used again.
            let pid = try await frozen.withConnection { connection in
                _ = try await connection.query("BEGIN", logger: logger)
                let setting = try await connection.query("SHOW idle_in_transaction_session_timeout", logger: logger).collect().first?.decode(String.self)
                #expect(setting == "1s")
                return try await connection.query("SELECT pg_backend_pid()", logger: logger).collect().first?.decode(Int32.self)
            }
            let backend = try #require(pid)
            var alive = true
            for _ in 0..<40 where alive {
                try await Task.sleep(for: .milliseconds(250))
                alive = try await observer.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(backend)", logger: logger).collect().count == 1
            }
            #expect(!alive, "the server ended the session idle in its transaction")
        }
    }
}
