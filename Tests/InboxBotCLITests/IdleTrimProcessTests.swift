import Foundation
import Testing

/// The real `inboxbot run`, idle: `idle_trim` reaches the worker, which hands back its
/// file-backed pages, and says so in its debug log. Alone among the tests that run workers:
/// pages another process of the same binary maps stay resident, so with a second test's
/// workers running it once saw nothing go (53,332 → 53,364 KB, in CI).
@Suite struct IdleTrimProcessTests {
    @Test(.runsWorkersAlone) func anIdleWorkerHandsBackItsCodePages() async throws {
        let directory = try InboxBot.directory(["rules/pong.yaml": CrashRecoveryTests.rules])
        let fake = try await FakePlatformProcess.start("hatif", secret: "idle-secret", in: directory)
        defer { fake.process.terminate() }
        let log = directory.appendingPathComponent("worker.log")
        let worker = try CrashRecoveryTests.start(["run"], environment: [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path, "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s",
            "INBOXBOT_IDLE_TRIM": "1s", "INBOXBOT_LOG_LEVEL": "debug",
        ].merging(fake.workerEnvironment) { $1 }, output: log)
        defer { if worker.isRunning { worker.terminate() } }
        let text = try await InboxBot.log(log, until: "idle: handed back file-backed pages", seconds: 30)
        worker.terminate()
        await worker.exited()
        let line = try #require(text.split(separator: "\n").first { $0.contains("idle: handed back file-backed pages") }, "\(text)")
        let figures = try #require(line.firstMatch(of: /mappings=(\d+) refused=(\d+) rss_file_kb=(\d+) → (\d+)/), "\(line)")
        #expect(Int(figures.1) ?? 0 > 10)
        #expect(figures.2 == "0")
        // The fake is the same binary, so the pages both touched stay; the worker's own go.
        let before = try #require(Int(figures.3)), after = try #require(Int(figures.4))
        #expect(after < before, "\(line)")
        #expect(!text.contains("idle-secret"))
    }
}
