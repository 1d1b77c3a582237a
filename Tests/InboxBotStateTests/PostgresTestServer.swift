import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests use, from `INBOXBOT_TEST_POSTGRES_URL`
/// (`postgres://user@127.0.0.1:55432/postgres`); `.ci/run` starts one and sets it.
enum PostgresTestServer {
    static let configuration: PostgresClient.Configuration? = {
        guard let text = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"], let url = URLComponents(string: text),
              let host = url.host, let user = url.user else { return nil }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        return PostgresClient.Configuration(host: host, port: url.port ?? 5432, username: user, password: url.password,
                                            database: database.isEmpty ? nil : database, tls: .disable)
    }()

    /// A running client and a schema no other test uses, dropped afterwards.
    static func withSchema(_ body: @Sendable (PostgresClient, String) async throws -> Void) async throws {
        guard let configuration else { throw MissingServer() }
        let client = PostgresClient(configuration: configuration)
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                try await body(client, schema)
            } catch {
                _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
                throw error
            }
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
        }
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String { "INBOXBOT_TEST_POSTGRES_URL is not set; .ci/run starts a server and sets it" }
    }
}
