import Foundation
import InboxBotPostgres
import PostgresNIO
import Testing

/// The sessions a worker opens: the server ends one left idle inside a transaction, so
/// that a frozen worker's row locks cannot hold its shards past their lease.
@Suite struct PostgresSessionTests {
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkersSessionsEndWhenIdleInATransaction() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"])
        let location = try PostgresLocation(url)
        let client = PostgresClient(configuration: location.clientConfiguration(password: nil, connections: 2))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var timeouts: [String] = []
            for try await timeout in try await client.query("SHOW idle_in_transaction_session_timeout").decode(String.self) {
                timeouts.append(timeout)
            }
            #expect(timeouts == ["10s"])
        }
    }
}
