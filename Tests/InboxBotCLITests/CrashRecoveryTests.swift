import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotHatif
import Testing

/// The real `inboxbot run` against each real `inboxbot fake PLATFORM`, under traffic, killed with
/// SIGKILL at random points and restarted each time. At the end, the fake's record must show
/// every expected send exactly once: none lost, none repeated.
@Suite(.serialized, .runsWorkers) struct CrashRecoveryTests {
    static let rules = """
        rules:
          - id: pong
            on: message.received
            if: { body: { starts_with: ping } }
            then:
              - send_text: "pong for {{message.body}}"
        """

    final class Processes: @unchecked Sendable {
        // Only touched from the test's own task; unchecked because Process is not Sendable.
        var running: [Process] = []
        deinit { for process in running where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    static func start(_ arguments: [String], environment: [String: String], output: URL) throws -> Process {
        let process = Process()
        process.executableURL = InboxBot.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Starts `inboxbot fake-hatif` on a free port and returns it with the port it took.
    static func startFakeHatif(secret: String, in directory: URL, arguments: [String] = []) async throws -> (Process, Int) {
        let log = directory.appendingPathComponent("fake.log")
        let fake = try start(["fake-hatif", "--port", "0"] + arguments, environment: ["FAKE_HATIF_CLIENT_SECRET": secret], output: log)
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                return (fake, port)
            }
        }
        fake.terminate()
        throw CancellationError()
    }

    /// Sends take 0.55–0.65 s, as live Hatif's do, and the worker is killed 20 times at random
    /// under steady traffic: a send cut off by a kill is still applied by the platform after the
    /// restart, and must be found there, never sent again. The same on every platform's fake;
    /// on Hilos, which cannot look a send up, such a send waits for an operator instead.
    @Test(arguments: FakePlatformProcess.platforms)
    func killingTheWorkerAtRandomLosesNothingAndRepeatsNothing(_ platform: String) async throws {
        let directory = try InboxBot.directory(["rules/pong.yaml": FakePlatformProcess.pongRules(for: platform)])
        let processes = Processes()
        var random = SeededRandom(seed: 4242)

        let fake = try await FakePlatformProcess.start(platform, secret: "crash-secret", in: directory, arguments: ["--send-latency", "0.55-0.65"])
        processes.running.append(fake.process)
        let conversations = try await fake.conversations()
        #expect(conversations.count >= 3)

        let environment = [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path,
            "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "127.0.0.1:0", "INBOXBOT_POLL_INTERVAL": "1s", "INBOXBOT_SETTLE_AFTER": "2s",
            // About ten pongs go to each conversation: above the default flood budget of 10 an hour.
            "INBOXBOT_BUDGET_ACTIONS": "100",
        ].merging(fake.workerEnvironment) { $1 }
        let workerLog = directory.appendingPathComponent("worker.log")
        func startWorker() throws -> Process {
            let worker = try Self.start(["run"], environment: environment, output: workerLog)
            processes.running.append(worker)
            return worker
        }
        // The first start takes its positions; from then on, every message counts.
        var worker = try startWorker()
        try await Task.sleep(for: .seconds(2.5))

        var pings: [String] = []
        for _ in 0..<20 {
            for _ in 0..<3 {
                let body = "ping-\(pings.count + 1)"
                try await fake.ping(body, in: conversations[Int.random(in: 0..<conversations.count, using: &random)])
                pings.append(body)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...1800, using: &random)))
            kill(worker.processIdentifier, SIGKILL)
            await worker.exited()
            worker = try startWorker()
        }

        // Hilos lists no messages, so a send cut off by a kill cannot be looked up there: it is
        // dead-lettered for an operator ("outcome unknown and not sent again"), never sent on a
        // guess. Which pongs are so, from `inboxbot actions`.
        let state = directory.appendingPathComponent("state.sqlite").path
        func unknownOutcomes() async throws -> Set<String> {
            let listing = try await InboxBot.run(["actions", "--state", state]).stdout
            return Set(("\n" + listing).components(separatedBy: "\ndead_letter  ").dropFirst().filter { $0.contains("outcome unknown and not sent again") }.compactMap { entry in
                entry.range(of: "pong for ").map { String(entry[$0.lowerBound...].prefix { $0 != "\"" }) }
            })
        }
        // Let the last worker finish everything, then stop it cleanly.
        for _ in 0..<120 {
            if Set(try await fake.pongs()).union(platform == "hilos" ? try await unknownOutcomes() : []).count >= pings.count { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        try await Task.sleep(for: .seconds(2))  // time for any duplicate to show
        worker.terminate()
        await worker.exited()
        #expect(worker.terminationStatus == 0, "a SIGTERM ends the worker cleanly")

        let sent = try await fake.pongs()
        let expected = pings.map { "pong for \($0)" }
        let counted = Dictionary(sent.map { ($0, 1) }, uniquingKeysWith: +)
        let unknown = try await unknownOutcomes()
        #expect(platform == "hilos" || unknown.isEmpty, "only Hilos cannot look a send up: \(unknown.sorted())")
        let missing = Set(expected).subtracting(sent).subtracting(unknown).sorted()
        var received: [String] = []
        if !missing.isEmpty {
            let writes = try await fake.writes()
            received = missing.map { pong in "\(pong): \(writes.components(separatedBy: pong).count - 1) sends received" }
        }
        #expect(missing.isEmpty, "missing: \(received)")
        #expect(counted.filter { $0.value > 1 }.isEmpty, "sent more than once: \(counted.filter { $0.value > 1 })")
        #expect(pings.count == 60)
        print("kill test on \(platform): \(pings.count) pings, \(Set(sent).count) pongs sent once each, \(unknown.count) outcomes unknown and left to an operator")
        fake.process.terminate()
        await fake.process.exited()
        let log = (try? String(contentsOf: workerLog, encoding: .utf8)) ?? ""
        #expect(!log.contains("crash-secret"), "the secret is never logged")
    }
}

enum FakeHatifHarnessRaw {
    static func get(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 24))
    }
}

extension Array {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
