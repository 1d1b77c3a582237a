import AsyncHTTPClient
import Foundation
import Logging
import PostgresNIO
import Testing

/// A worker whose state database stops answering reports not ready, refuses the webhooks it
/// could not keep (so the platform retries them), and works again once the database is back,
/// with the refused delivery processed once.
@Suite(.serialized, .runsWorkers) struct DatabaseOutageTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]

    /// Runs SQL on the test server's own database, as an operator would.
    static func administer(_ statements: [String]) async throws {
        let text = try #require(server)
        let url = try #require(URLComponents(string: text))
        let client = PostgresClient(configuration: .init(host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: url.user ?? "postgres",
                                                         password: nil, database: "postgres", tls: .disable))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            for statement in statements { try await client.query(PostgresQuery(unsafeSQL: statement)) }
        }
    }

    static func readyz(_ port: Int) async -> (Int, String) {
        guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(5)),
              let body = try? await response.body.collect(upTo: 1 << 16) else { return (0, "") }
        return (Int(response.status.code), String(buffer: body))
    }

    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkerCutOffFromItsDatabaseIsNotReadyAndLosesNoWebhook() async throws {
        let database = "outage_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await Self.administer(["CREATE DATABASE \(database)"])
        let directory = try InboxBot.directory(["rules/pong.yaml": CrashRecoveryTests.rules])
        let processes = CrashRecoveryTests.Processes()
        let port = try FreePort.find()
        let fake = try await FakePlatformProcess.start("hatif", secret: "outage-secret", in: directory,
                                                       arguments: ["--webhook-url", "http://127.0.0.1:\(port)/webhooks/hatif?key=outage-key"])
        processes.running.append(fake.process)
        let text = try #require(Self.server)
        let url = try #require(URLComponents(string: text))
        let environment = [
            "INBOXBOT_STATE": "postgres://\(url.user ?? "postgres")@\(url.host ?? "127.0.0.1"):\(url.port ?? 5432)/\(database)",
            "INBOXBOT_RULES": directory.appendingPathComponent("rules").path, "INBOXBOT_WEBHOOK_KEY": "outage-key",
            "INBOXBOT_WEBHOOK_LISTEN": "127.0.0.1:\(port)", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "off", "INBOXBOT_LEASE": "3s",
        ].merging(fake.workerEnvironment) { $1 }
        let worker = try CrashRecoveryTests.start(["run"], environment: environment, output: directory.appendingPathComponent("worker.log"))
        processes.running.append(worker)
        var ready = (0, "")
        for _ in 0..<60 where ready.0 != 200 {
            try await Task.sleep(for: .milliseconds(250))
            ready = await Self.readyz(port)
        }
        #expect(ready.0 == 200, "\(ready)")
        let conversation = try #require(try await fake.conversations().first)

        // The database refuses this worker: its connections are cut and new ones refused.
        try await Self.administer([
            "ALTER DATABASE \(database) ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)'",
        ])
        try await fake.customerWrites("ping-during-outage", in: conversation)
        for _ in 0..<60 where ready.0 != 503 {
            try await Task.sleep(for: .milliseconds(250))
            ready = await Self.readyz(port)
        }
        #expect(ready.0 == 503, "not ready while the database is away: \(ready)")
        #expect(ready.1.contains("store"), "\(ready.1)")
        // Away for longer than a delivery waits to be stored, so that it is refused.
        let log = directory.appendingPathComponent("worker.log")
        for _ in 0..<60 where !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("could not take a webhook delivery") {
            try await Task.sleep(for: .milliseconds(250))
        }
        let logged = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(logged.contains("could not take a webhook delivery; the platform will retry"), "\(logged.suffix(1500))")
        #expect(try await fake.sentTexts(in: conversation).isEmpty)

        try await Self.administer(["ALTER DATABASE \(database) ALLOW_CONNECTIONS true"])
        for _ in 0..<120 where try await fake.sentTexts(in: conversation).isEmpty { try await Task.sleep(for: .milliseconds(250)) }
        try await Task.sleep(for: .seconds(1))
        #expect(try await fake.sentTexts(in: conversation) == ["pong for ping-during-outage"], "the refused delivery, retried, was processed once")
        #expect(await Self.readyz(port).0 == 200, "ready again")
        // Bounded: a worker that does not stop must fail the test, not hang the whole run
        // (seen once in CI: after the outage the retried delivery was never processed, and
        // the worker did not stop on SIGTERM).
        worker.terminate()
        for _ in 0..<200 where worker.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!worker.isRunning, "a SIGTERM stops the worker within 20 s; worker log: \(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(3000))")
        if worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
        await worker.exited()
        try await Self.administer(["DROP DATABASE \(database) WITH (FORCE)"])
    }
}
