import Foundation
import InboxBotCore
import Testing

/// Two `inboxbot run` processes on one PostgreSQL database: one holds the worker lease and
/// works, the other waits as a standby; when the first is killed the standby takes over,
/// and every reply still goes out exactly once.
@Suite(.serialized) struct SharedDatabaseTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]

    static func log(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// A paused worker (SIGSTOP) past its lease loses it to the standby; when it resumes it
    /// must neither commit nor send anything, and it stops itself. Here its lease keeper
    /// notices first; that its writes fail even when it does not is
    /// `StateStoreContractTests.writesUnderALostLeaseFailAndChangeNothing`.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkerPausedPastItsLeaseDoesNothingWhenItResumes() async throws {
        let server = try #require(Self.server)
        let directory = try InboxBot.directory(["rules/pong.yaml": CrashRecoveryTests.rules])
        let processes = CrashRecoveryTests.Processes()
        let fake = try await FakePlatformProcess.start("hatif", secret: "pause-secret", in: directory, arguments: ["--send-latency", "0.1-0.2"])
        processes.running.append(fake.process)
        let conversations = try await fake.conversations()
        let environment = Self.environment(server: server, directory: directory).merging(fake.workerEnvironment) { $1 }
        let firstLog = directory.appendingPathComponent("first.log")
        let secondLog = directory.appendingPathComponent("second.log")
        let first = try CrashRecoveryTests.start(["run"], environment: environment, output: firstLog)
        processes.running.append(first)
        try await Task.sleep(for: .seconds(2.5))
        let second = try CrashRecoveryTests.start(["run"], environment: environment, output: secondLog)
        processes.running.append(second)

        func pongs() async throws -> [String] {
            try await conversations.asyncFlatMap { try await fake.sentTexts(in: $0).filter { $0.hasPrefix("pong for ") } }
        }
        func ping(_ range: ClosedRange<Int>) async throws {
            for index in range { try await fake.customerWrites("ping-\(index)", in: conversations[index % conversations.count]) }
        }
        try await ping(1...3)
        for _ in 0..<80 where try await pongs().count < 3 { try await Task.sleep(for: .milliseconds(250)) }

        kill(first.processIdentifier, SIGSTOP)
        for _ in 0..<80 where !Self.log(secondLog).contains("holding the database's worker lease") { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.log(secondLog).contains("holding the database's worker lease"), "the standby took over from the paused worker")
        try await ping(4...6)
        kill(first.processIdentifier, SIGCONT)
        for _ in 0..<80 where first.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!first.isRunning, "the resumed worker stops itself")
        #expect(first.terminationStatus != 0)
        #expect(Self.log(firstLog).contains("was lost to another worker"), "\(Self.log(firstLog).suffix(600))")
        for _ in 0..<80 where try await pongs().count < 6 { try await Task.sleep(for: .milliseconds(250)) }
        try await Task.sleep(for: .seconds(1))

        let sent = try await pongs()
        #expect(Set(sent) == Set((1...6).map { "pong for ping-\($0)" }), "\(sent.sorted())")
        #expect(sent.count == 6, "none twice: \(sent.sorted())")
        second.terminate()
        second.waitUntilExit()
    }

    static func environment(server: String, directory: URL) -> [String: String] {
        let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return [
            "INBOXBOT_STATE": server + (server.contains("?") ? "&" : "?") + "schema=\(schema)",
            "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s", "INBOXBOT_SETTLE_AFTER": "2s",
            "INBOXBOT_LEASE": "3s", "INBOXBOT_BUDGET_ACTIONS": "100",
        ]
    }

    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aStandbyTakesOverWhenTheActiveWorkerDiesAndNothingIsDoneTwice() async throws {
        let server = try #require(Self.server)
        let directory = try InboxBot.directory(["rules/pong.yaml": CrashRecoveryTests.rules])
        let processes = CrashRecoveryTests.Processes()
        let fake = try await FakePlatformProcess.start("hatif", secret: "shared-secret", in: directory, arguments: ["--send-latency", "0.1-0.2"])
        processes.running.append(fake.process)
        let conversations = try await fake.conversations()
        let environment = Self.environment(server: server, directory: directory).merging(fake.workerEnvironment) { $1 }
        let firstLog = directory.appendingPathComponent("first.log")
        let secondLog = directory.appendingPathComponent("second.log")
        let first = try CrashRecoveryTests.start(["run"], environment: environment, output: firstLog)
        processes.running.append(first)
        try await Task.sleep(for: .seconds(2.5))
        let second = try CrashRecoveryTests.start(["run"], environment: environment, output: secondLog)
        processes.running.append(second)
        for _ in 0..<50 where !Self.log(secondLog).contains("standby") { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.log(secondLog).contains("standby: another worker holds the database"), "\(Self.log(secondLog))")

        func pongs() async throws -> [String] {
            try await conversations.asyncFlatMap { try await fake.sentTexts(in: $0).filter { $0.hasPrefix("pong for ") } }
        }
        func ping(_ range: ClosedRange<Int>) async throws {
            for index in range { try await fake.customerWrites("ping-\(index)", in: conversations[index % conversations.count]) }
        }
        func waitForPongs(_ count: Int) async throws {
            for _ in 0..<120 where try await pongs().count < count { try await Task.sleep(for: .milliseconds(250)) }
        }
        try await ping(1...5)
        try await waitForPongs(5)
        #expect(try await pongs().count == 5, "the first worker answers")

        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        try await ping(6...10)
        try await waitForPongs(10)
        try await Task.sleep(for: .seconds(1))  // time for any duplicate to show
        #expect(Self.log(secondLog).contains("holding the database's worker lease"), "the standby took over")

        let sent = try await pongs()
        #expect(Set(sent) == Set((1...10).map { "pong for ping-\($0)" }), "\(sent.sorted())")
        #expect(sent.count == 10, "none twice: \(sent.sorted())")
        // What the database says, read by the command operators use.
        let status = try InboxBot.run(["status", "--state", try #require(environment["INBOXBOT_STATE"])], environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(":\(second.processIdentifier) holds the database (epoch 2"), "\(status.stdout)")
        #expect(status.stdout.contains("10 done"), "\(status.stdout)")
        second.terminate()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0, "a SIGTERM ends the standby-turned-worker cleanly")
        let after = try InboxBot.run(["status", "--state", try #require(environment["INBOXBOT_STATE"])], environment: environment)
        #expect(after.stdout.contains("worker: none holds the database now"), "a clean stop gives the lease up: \(after.stdout)")
        #expect(!(Self.log(firstLog) + Self.log(secondLog)).contains("shared-secret"))
    }
}
