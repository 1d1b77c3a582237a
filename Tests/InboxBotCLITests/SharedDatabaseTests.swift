import Foundation
import InboxBotCore
import Testing

/// Two `inboxbot run` processes on one PostgreSQL database and the fake Hatif: one holds the
/// worker lease and works, the other waits as a standby and takes over when the first dies or
/// is paused past its lease; every reply still goes out exactly once.
@Suite(.serialized) struct SharedDatabaseTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]

    /// The fake, two workers on a schema of their own, and what the test does through them.
    struct TwoWorkers {
        let fake: FakePlatformProcess
        let conversations: [String]
        let environment: [String: String]
        let first: Process
        let second: Process
        let firstLog: URL
        let secondLog: URL
        let processes: CrashRecoveryTests.Processes

        /// Starts the fake and the first worker, then, once it holds the lease, the second.
        static func start(server: String, secret: String) async throws -> TwoWorkers {
            let directory = try InboxBot.directory(["rules/pong.yaml": CrashRecoveryTests.rules])
            let processes = CrashRecoveryTests.Processes()
            let fake = try await FakePlatformProcess.start("hatif", secret: secret, in: directory, arguments: ["--send-latency", "0.1-0.2"])
            processes.running.append(fake.process)
            let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let environment = [
                "INBOXBOT_STATE": server + (server.contains("?") ? "&" : "?") + "schema=\(schema)",
                "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
                "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s", "INBOXBOT_SETTLE_AFTER": "2s",
                "INBOXBOT_LEASE": "3s", "INBOXBOT_BUDGET_ACTIONS": "100",
            ].merging(fake.workerEnvironment) { $1 }
            let firstLog = directory.appendingPathComponent("first.log")
            let secondLog = directory.appendingPathComponent("second.log")
            let first = try CrashRecoveryTests.start(["run"], environment: environment, output: firstLog)
            processes.running.append(first)
            try await Task.sleep(for: .seconds(2.5))
            let second = try CrashRecoveryTests.start(["run"], environment: environment, output: secondLog)
            processes.running.append(second)
            return TwoWorkers(fake: fake, conversations: try await fake.conversations(), environment: environment, first: first, second: second,
                              firstLog: firstLog, secondLog: secondLog, processes: processes)
        }

        static func log(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

        func pongs() async throws -> [String] {
            try await conversations.asyncFlatMap { try await fake.sentTexts(in: $0).filter { $0.hasPrefix("pong for ") } }
        }

        func ping(_ range: ClosedRange<Int>) async throws {
            for index in range { try await fake.customerWrites("ping-\(index)", in: conversations[index % conversations.count]) }
        }

        func waitForPongs(_ count: Int) async throws {
            for _ in 0..<120 where try await pongs().count < count { try await Task.sleep(for: .milliseconds(250)) }
        }

        func waitUntilSecondLogs(_ text: String) async throws {
            for _ in 0..<80 where !Self.log(secondLog).contains(text) { try await Task.sleep(for: .milliseconds(100)) }
        }

        /// Every ping answered exactly once.
        func expectEveryPongOnce(_ pings: Int) async throws {
            try await waitForPongs(pings)
            try await Task.sleep(for: .seconds(1))  // time for any duplicate to show
            let sent = try await pongs()
            #expect(Set(sent) == Set((1...pings).map { "pong for ping-\($0)" }), "\(sent.sorted())")
            #expect(sent.count == pings, "none twice: \(sent.sorted())")
        }

        func status() throws -> InboxBot.Output {
            try InboxBot.run(["status", "--state", environment["INBOXBOT_STATE"] ?? ""], environment: environment)
        }
    }

    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aStandbyTakesOverWhenTheActiveWorkerDiesAndNothingIsDoneTwice() async throws {
        let workers = try await TwoWorkers.start(server: try #require(Self.server), secret: "shared-secret")
        try await workers.waitUntilSecondLogs("standby")
        #expect(TwoWorkers.log(workers.secondLog).contains("standby: another worker holds the database"))
        try await workers.ping(1...5)
        try await workers.waitForPongs(5)
        #expect(try await workers.pongs().count == 5, "the first worker answers")

        kill(workers.first.processIdentifier, SIGKILL)
        workers.first.waitUntilExit()
        try await workers.ping(6...10)
        try await workers.expectEveryPongOnce(10)
        #expect(TwoWorkers.log(workers.secondLog).contains("holding the database's worker lease"), "the standby took over")

        // What the database says, read by the command operators use.
        let status = try workers.status()
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(":\(workers.second.processIdentifier) holds the database (epoch 2"), "\(status.stdout)")
        #expect(status.stdout.contains("10 done"), "\(status.stdout)")
        workers.second.terminate()
        workers.second.waitUntilExit()
        #expect(workers.second.terminationStatus == 0, "a SIGTERM ends the standby-turned-worker cleanly")
        #expect(try workers.status().stdout.contains("worker: none holds the database now"), "a clean stop gives the lease up")
        #expect(!(TwoWorkers.log(workers.firstLog) + TwoWorkers.log(workers.secondLog)).contains("shared-secret"))
    }

    /// A paused worker (SIGSTOP) past its lease loses it to the standby; when it resumes it
    /// must neither commit nor send anything, and it stops itself. Here its lease keeper
    /// notices first; that its writes fail even when it does not is
    /// `StateStoreContractTests.writesUnderALostLeaseFailAndChangeNothing`.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkerPausedPastItsLeaseDoesNothingWhenItResumes() async throws {
        let workers = try await TwoWorkers.start(server: try #require(Self.server), secret: "pause-secret")
        try await workers.ping(1...3)
        try await workers.waitForPongs(3)

        kill(workers.first.processIdentifier, SIGSTOP)
        try await workers.waitUntilSecondLogs("holding the database's worker lease")
        #expect(TwoWorkers.log(workers.secondLog).contains("holding the database's worker lease"), "the standby took over from the paused worker")
        try await workers.ping(4...6)
        kill(workers.first.processIdentifier, SIGCONT)
        for _ in 0..<80 where workers.first.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!workers.first.isRunning, "the resumed worker stops itself")
        #expect(workers.first.terminationStatus != 0)
        #expect(TwoWorkers.log(workers.firstLog).contains("was lost to another worker"), "\(TwoWorkers.log(workers.firstLog).suffix(600))")
        try await workers.expectEveryPongOnce(6)

        // A standby stopped with SIGTERM ends cleanly.
        let thirdLog = workers.firstLog.deletingLastPathComponent().appendingPathComponent("third.log")
        let third = try CrashRecoveryTests.start(["run"], environment: workers.environment, output: thirdLog)
        workers.processes.running.append(third)
        for _ in 0..<80 where !TwoWorkers.log(thirdLog).contains("standby") { try await Task.sleep(for: .milliseconds(100)) }
        third.terminate()
        third.waitUntilExit()
        #expect(third.terminationStatus == 0, "\(TwoWorkers.log(thirdLog).suffix(400))")
        #expect(TwoWorkers.log(thirdLog).contains("stopped while standby"))
        workers.second.terminate()
        workers.second.waitUntilExit()
    }
}
