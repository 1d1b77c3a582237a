import Foundation
@testable import InboxBotPostgres
import Logging
import PostgresNIO
import Synchronization
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

extension PostgresSessionTests {
    /// A worker paused inside a transaction past the server's idle timeout finds its
    /// connection closed when it resumes: its next statement and the transaction fail at
    /// once, and the pool goes on with a new connection. (postgres-nio alone never answers
    /// a statement written to a closed connection, nor the `ROLLBACK` after it.)
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aTransactionOnAConnectionTheServerClosedFailsAtOnce() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"])
        var configuration = try PostgresLocation(url).clientConfiguration(password: nil, connections: 2)
        configuration.options.additionalStartupParameters = [("idle_in_transaction_session_timeout", "300ms")]
        let client = PostgresClient(configuration: configuration)
        let logger = Logger(label: "test")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let outcome = await Self.within(seconds: 20) {
                do {
                    try await client.answeredTransaction(logger: logger) { connection in
                        try await connection.answeredQuery("SELECT 1", logger: logger)
                        try await Task.sleep(for: .seconds(1.5))  // the server ends the session meanwhile
                        try await connection.answeredQuery("SELECT 2", logger: logger)
                    }
                    return "committed"
                } catch {
                    return "\(error)"
                }
            }
            #expect(outcome?.contains("the database closed the connection") == true, "\(outcome ?? "no answer within 20 s")")
            let after = await Self.within(seconds: 20) { () -> [Int]? in
                try? await client.answeredQuery("SELECT 3", logger: logger).rows.map { try $0.decode(Int.self) }
            }
            #expect(after == [3])
        }
    }

    /// What `work` returns, or nil if it has not within `seconds`: a test of a hang must fail,
    /// not hang itself, so the work is left behind (unstructured) when it does not answer.
    static func within<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
        let answer = Answer<T>()
        return await withCheckedContinuation { continuation in
            answer.waiting.withLock { $0 = continuation }
            Task { answer.give(await work()) }
            Task { try? await Task.sleep(for: .seconds(seconds)); answer.give(nil) }
        }
    }

    /// Whichever gives first resumes the waiting test; later gifts find it gone.
    final class Answer<T: Sendable>: Sendable {
        let waiting = Mutex<CheckedContinuation<T?, Never>?>(nil)

        func give(_ value: T?) {
            waiting.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
