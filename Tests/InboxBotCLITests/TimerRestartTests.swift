import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotHatif
import Testing

/// Time-based rules in the real worker: a wait armed by a customer's message fires on time,
/// and one that came due while the worker was killed fires once after the restart.
@Suite(.serialized, .runsWorkers) struct TimerRestartTests {
    static let rules = """
        rules:
          - id: still-waiting
            on:
              - idle: 3s
            then:
              - send_text: "Sorry for the wait"
        """

    @Test func aTimerDueWhileTheWorkerWasKilledFiresOnceAfterTheRestart() async throws {
        let directory = try InboxBot.directory(["rules/wait.yaml": Self.rules])
        let processes = CrashRecoveryTests.Processes()
        let (fake, hatifPort) = try await CrashRecoveryTests.startFakeHatif(secret: "timer-secret", in: directory)
        processes.running.append(fake)
        let client = HatifClient(configuration: .init(baseURL: "http://127.0.0.1:\(hatifPort)", credentials: HatifCredentials(clientID: "inboxbot-demo", clientSecret: "timer-secret")),
                                 httpClient: HTTPClient.shared)
        let channel = try #require(try await client.channels().first)
        let conversation = try #require(try await client.conversations(channelID: channel.id).items.first).id
        let environment = [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path, "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s",
            "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(hatifPort)", "HATIF_CLIENT_ID": "inboxbot-demo", "HATIF_CLIENT_SECRET": "timer-secret",
        ]
        let log = directory.appendingPathComponent("worker.log")
        var worker = try CrashRecoveryTests.start(["run"], environment: environment, output: log)
        processes.running.append(worker)
        try await Task.sleep(for: .seconds(2.5))  // the first start takes its positions

        func customerWrites(_ body: String) async throws {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(hatifPort)/_fake/customer-message")
            request.method = .POST
            request.body = .bytes(.init(string: #"{"conversationId":"\#(conversation)","body":"\#(body)"}"#))
            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(5)).body.collect(upTo: 1 << 16)
        }
        func apologies() async throws -> Int {
            try await client.timeline(conversationID: conversation, limit: 1000).items.filter { $0.body == "Sorry for the wait" }.count
        }

        // 1. Live: the wait runs out three seconds after the message, and the worker acts.
        try await customerWrites("hello?")
        var count = 0
        for _ in 0..<40 where count == 0 {
            try await Task.sleep(for: .milliseconds(250))
            count = try await apologies()
        }
        #expect(count == 1, "fired on time")

        // 2. The worker is killed while the next wait runs; it comes due while it is down.
        try await customerWrites("hello again?")
        // Killed as soon as the wait is armed (the 3-second wait must not run out first).
        var status = try await InboxBot.run(["status", "--state", directory.appendingPathComponent("state.sqlite").path])
        for _ in 0..<40 where !status.stdout.contains("timers: 1 armed") {
            try await Task.sleep(for: .milliseconds(50))
            status = try await InboxBot.run(["status", "--state", directory.appendingPathComponent("state.sqlite").path])
        }
        kill(worker.processIdentifier, SIGKILL)
        await worker.exited()
        #expect(status.stdout.contains("timers: 1 armed, the next due at "), "the wait was armed before the kill: \(status.stdout)")
        #expect(status.stdout.contains("(rule still-waiting, conversation \(conversation))"))
        try await Task.sleep(for: .seconds(3))
        #expect(try await apologies() == 1, "nobody fires it while the worker is down")
        worker = try CrashRecoveryTests.start(["run"], environment: environment, output: log)
        processes.running.append(worker)
        for _ in 0..<40 where count < 2 {
            try await Task.sleep(for: .milliseconds(250))
            count = try await apologies()
        }
        #expect(count == 2, "fired after the restart, within the grace period")
        try await Task.sleep(for: .seconds(2))
        #expect(try await apologies() == 2, "and only once")
        worker.terminate()
        await worker.exited()
    }
}
