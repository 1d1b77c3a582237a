import AsyncHTTPClient
import Foundation
import Testing

/// What `inboxbot run` says when it cannot start, or cannot work: the setting, the value
/// and what to do, never a bare SQLite or socket error; and readiness that tells the truth.
@Suite(.serialized) struct WorkerStartupTests {
    static func environment(_ directory: URL, _ overrides: [String: String] = [:]) -> [String: String] {
        [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path,
            "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s",
            // Nothing listens here: these workers must stop before they ever poll.
            "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:9", "HATIF_CLIENT_ID": "inboxbot-demo", "HATIF_CLIENT_SECRET": "startup-secret",
        ].merging(overrides) { $1 }
    }

    @Test func aStatePathThatCannotHoldTheFileNamesTheSettingAndTheProblem() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules, "plain-file": "x"])
        let cases = [
            (directory.path, "it is a folder; give a file path inside it"),
            (directory.appendingPathComponent("plain-file/state.sqlite").path, "plain-file is a file, not a folder"),
            (directory.appendingPathComponent("missing/state.sqlite").path, "its folder \(directory.path)/missing does not exist"),
        ]
        for (path, problem) in cases {
            let output = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_STATE": path]))
            #expect(output.status == 1)
            #expect(output.stderr.contains("error: setting 'state' (\(path)): "), "\(output.stderr)")
            #expect(output.stderr.contains(problem), "\(output.stderr)")
            #expect(!output.stderr.contains("SQLite error 14"))
        }
    }

    /// Garbage over the middle pages of a state file: the worker refuses to start, saying
    /// which file and what to do, instead of taking webhooks it will never act on.
    @Test func aDamagedStateFileStopsTheStartWithWhatToDo() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let state = directory.appendingPathComponent("state.sqlite")
        // A real state file, made by a worker that ran a moment (its Hatif does not answer), then damaged.
        let first = try CrashRecoveryTests.start(["run"], environment: Self.environment(directory), output: directory.appendingPathComponent("first.log"))
        try await Task.sleep(for: .seconds(2))
        first.terminate()
        await first.exited()
        let handle = try FileHandle(forUpdating: state)
        let size = try handle.seekToEnd()
        #expect(size >= 8192, "the worker created its state file before it stopped")
        var random = SystemRandomNumberGenerator()
        try handle.seek(toOffset: size / 3)
        handle.write(Data((0..<Int(size / 3)).map { _ in UInt8.random(in: 0...255, using: &random) }))
        try handle.close()

        let output = try await InboxBot.run(["run"], environment: Self.environment(directory))
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: setting 'state' (\(state.path)): the state file is damaged"), "\(output.stderr)")
        #expect(output.stderr.contains("restore it from a backup"))
    }

    @Test func textUsWithoutATokenOrAnAccountSaysWhatToSet() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let noToken = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_PLATFORM": "textus"]))
        #expect(noToken.status == 1)
        #expect(noToken.stderr.contains("error: TEXTUS_TOKEN (or TEXTUS_TOKEN_FILE) is not set"), "\(noToken.stderr)")
        let noAccount = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_PLATFORM": "textus", "TEXTUS_TOKEN": "startup-token-value"]))
        #expect(noAccount.status == 1)
        #expect(noAccount.stderr.contains("textus.account is not set"), "\(noAccount.stderr)")
        #expect(!noAccount.stderr.contains("startup-token-value"), "the token is never shown")
    }

    /// TimelinesAI signs no webhook: a webhook secret alone would check nothing, so the start
    /// is refused with what to set instead; and a token is required.
    @Test func timelinesAIWithoutATokenOrWithOnlyAWebhookSecretSaysWhatToSet() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let noToken = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_PLATFORM": "timelinesai"]))
        #expect(noToken.status == 1)
        #expect(noToken.stderr.contains("error: TIMELINESAI_TOKEN (or TIMELINESAI_TOKEN_FILE) is not set"), "\(noToken.stderr)")
        let secretOnly = try await InboxBot.run(["run"], environment: Self.environment(directory, [
            "INBOXBOT_PLATFORM": "timelinesai", "TIMELINESAI_TOKEN": "startup-token-value", "INBOXBOT_WEBHOOK_SECRET": "hmac-secret-value",
        ]))
        #expect(secretOnly.status == 1)
        #expect(secretOnly.stderr.contains("TimelinesAI signs no webhook"), "\(secretOnly.stderr)")
        #expect(!(secretOnly.stderr + noToken.stderr).contains("startup-token-value") && !secretOnly.stderr.contains("hmac-secret-value"))
    }

    @Test func aPostgresStateWithAPasswordOrTLSIsRefusedWithWhatToDo() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let withPassword = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_STATE": "postgres://inboxbot:hunter2@db.internal/inboxbot"]))
        #expect(withPassword.status == 1)
        #expect(withPassword.stderr.contains("the URL holds a password; put it in INBOXBOT_STATE_PASSWORD"), "\(withPassword.stderr)")
        #expect(!withPassword.stderr.contains("hunter2"), "the password is never shown")
        let tls = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_STATE": "postgres://inboxbot@db.internal/inboxbot?sslmode=on"]))
        #expect(tls.status == 1)
        #expect(tls.stderr.contains("sslmode 'on' is not one inboxbot takes: disable, require, verify-ca, verify-full"), "\(tls.stderr)")
        let root = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_STATE": "postgres://inboxbot@db.internal/inboxbot?sslrootcert=/ca.pem"]))
        #expect(root.stderr.contains("sslrootcert is used only with sslmode=verify-ca or sslmode=verify-full"), "\(root.stderr)")
        let schema = try await InboxBot.run(["run"], environment: Self.environment(directory, ["INBOXBOT_STATE": "postgres://inboxbot@db.internal/inboxbot?schema=Bad-Name"]))
        #expect(schema.stderr.contains("is not a schema name inboxbot takes"), "\(schema.stderr)")
    }

    @Test func aPortInUseNamesTheSettingAndTheAddress() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let (fake, port) = try await CrashRecoveryTests.startFakeHatif(secret: "startup-secret", in: directory)
        defer { fake.terminate() }
        let output = try await InboxBot.run(["run"], environment: Self.environment(directory, [
            "INBOXBOT_WEBHOOK_LISTEN": "127.0.0.1:\(port)", "INBOXBOT_WEBHOOK_KEY": "k", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(port)",
        ]))
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: setting 'webhook_listen' (127.0.0.1:\(port)): cannot listen: the address is already in use"), "\(output.stderr)")
        #expect(!output.stderr.contains("errno: 98"))
    }

    /// While Hatif refuses the credentials, /readyz answers 503 with the reason, and the log
    /// says so once, not once per poll.
    @Test func refusedCredentialsMakeTheWorkerNotReadyWithOneLogLine() async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": CrashRecoveryTests.rules])
        let (fake, hatifPort) = try await CrashRecoveryTests.startFakeHatif(secret: "right-secret", in: directory)
        defer { fake.terminate() }
        let log = directory.appendingPathComponent("worker.log")
        let worker = try CrashRecoveryTests.start(["run"], environment: Self.environment(directory, [
            "INBOXBOT_METRICS_LISTEN": "127.0.0.1:0", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(hatifPort)", "HATIF_CLIENT_SECRET": "wrong-secret",
        ]), output: log)
        defer { if worker.isRunning { worker.terminate() } }
        var text = try await InboxBot.log(log, until: "not ready: platform", seconds: 10)
        let address = try #require(text.range(of: "address=127.0.0.1:"))
        let port = try #require(Int(text[address.upperBound...].prefix { $0.isNumber }))
        try await Task.sleep(for: .seconds(4))  // several more polls, all refused
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        #expect(response.status.code == 503)
        #expect(body.contains("not ready: platform: Hatif refuses the credentials"), "\(body)")
        worker.terminate()
        await worker.exited()
        text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.components(separatedBy: "not ready: platform").count - 1 == 1, "one line, not one per poll:\n\(text)")
        #expect(!text.contains("poll failed"))
        #expect(!text.contains("wrong-secret"), "the secret is never logged")
    }
}
