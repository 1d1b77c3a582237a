import Foundation
import InboxBotPostgres
import Logging
import PostgresNIO
import Testing

/// A worker frozen inside a transaction (SIGSTOP, a paused VM) must not keep its shard rows
/// locked for ever: its sessions carry idle_in_transaction_session_timeout, and the server
/// ends a session idle in a transaction past it (PostgreSQL's documented behaviour; leaving a
/// session to be ended here hung the pool's shutdown, so the test stops at the setting).
@Suite struct PostgresSessionTests {
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkersSessionsEndTransactionsLeftIdle() async throws {
        let location = try PostgresLocation(try #require(ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]))
        let logger = Logger(label: "test")
        for (limit, shown) in [(Double?.some(12), "12s"), (Double?.some(0.2), "1s"), (nil, "0")] {
            let client = PostgresClient(configuration: location.clientConfiguration(password: nil, transactionIdleSeconds: limit))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                let setting = try await client.query("SHOW idle_in_transaction_session_timeout", logger: logger).collect().first?.decode(String.self)
                #expect(setting == shown, "\(String(describing: limit))")
            }
        }
    }
}
