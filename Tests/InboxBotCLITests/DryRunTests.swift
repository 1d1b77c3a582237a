import AsyncHTTPClient
import Foundation
import Testing

/// `inboxbot run --dry-run` reads the real (fake) platform and decides, but writes nothing,
/// on every platform.
@Suite(.serialized, .runsWorkers) struct DryRunTests {
    @Test(arguments: FakePlatformProcess.platforms)
    func aDryRunMakesNoWriteAtAll(_ platform: String) async throws {
        let directory = try InboxBot.directory(["rules/reply.yaml": FakePlatformProcess.pongRules(for: platform)])
        let fake = try await FakePlatformProcess.start(platform, secret: "dry-secret", in: directory)
        defer { if fake.process.isRunning { fake.process.terminate() } }
        let seeded = try #require(try await fake.conversations().first)

        let workerLog = directory.appendingPathComponent("worker.log")
        let worker = try CrashRecoveryTests.start(["run", "--dry-run"], environment: [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path, "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "127.0.0.1:0", "INBOXBOT_POLL_INTERVAL": "1s", "INBOXBOT_CONSOLE": "true",
        ].merging(fake.workerEnvironment) { $1 }, output: workerLog)
        try await Task.sleep(for: .seconds(2.5))
        var pinged: [String] = []
        for index in 1...3 { pinged.append(try await fake.ping("ping-\(index)", in: seeded)) }
        // Where ping-2 was written (on Hilos each ping starts a conversation), as the worker
        // names it: with the platform's prefix (the command line takes either).
        let conversation = pinged[1]
        let conversationID = fake.idPrefix + conversation
        // Wait until the worker has decided all three.
        var log = ""
        for _ in 0..<60 where log.components(separatedBy: fake.wouldSend).count < 4 {
            try await Task.sleep(for: .milliseconds(250))
            log = (try? String(contentsOf: workerLog, encoding: .utf8)) ?? ""
        }
        // The operations server's metrics, while the worker runs.
        let address = try #require(log.range(of: "address=127.0.0.1:"))
        let metricsPort = try #require(Int(log[address.upperBound...].prefix { $0.isNumber }))
        var scrape = HTTPClientRequest(url: "http://127.0.0.1:\(metricsPort)/metrics")
        scrape.method = .GET
        let metrics = String(buffer: try await HTTPClient.shared.execute(scrape, timeout: .seconds(5)).body.collect(upTo: 1 << 20))
        #expect(metrics.contains(#"inboxbot_rule_decisions_total{rule="pong"} 3"#))
        #expect(metrics.contains(#"inboxbot_events_received_total{source="poll",repeat="false"}"#))
        #expect(metrics.contains("inboxbot_\(platform)_request_duration_seconds"))
        #expect(metrics.contains("inboxbot_inbox_pending_events"))
        #expect(metrics.contains("inboxbot_inbox_lag_seconds"))
        // The console, on the same address: the dry run's decisions, and no secret.
        #expect(log.contains("console at http://127.0.0.1:\(metricsPort)/console"))
        let page = String(buffer: try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(metricsPort)/console"), timeout: .seconds(5))
            .body.collect(upTo: 1 << 20))
        #expect(page.contains("(dry run: deciding, never acting)") && page.contains("dry_run: \(fake.wouldSend)"), "\(page)")
        #expect(!page.contains("dry-secret"))

        worker.terminate()
        await worker.exited()
        #expect(log.contains("\(fake.wouldSend) \"pong for ping-1\"") || log.contains("\(fake.wouldSend) pedido_listo (es) with \"pong for ping-1\""), "\(log)")
        #expect(log.contains("on conversation \(conversationID) — rule pong"))
        // It starts with the preflight check's findings: none for these rules, on any platform.
        #expect(log.contains("preflight: 0 problem(s) with what the rules name on "), "\(log.prefix(3000))")
        #expect(log.components(separatedBy: fake.wouldSend).count == 4)

        #expect(try await fake.writes() == "[]", "the platform saw no write at all")

        // What the worker took in can be explained afterwards, from the state file.
        let state = directory.appendingPathComponent("state.sqlite").path
        // status shows each decision once, as what it would have done.
        let status = try await InboxBot.run(["status", "--state", state]).stdout
        let activity = status.components(separatedBy: "recent activity:\n").last ?? ""
        #expect(activity.contains("pong: \(fake.wouldSend) "), "\(status)")
        #expect(!activity.contains("— rule pong"), "no second line per action: \(status)")
        let audit = try await InboxBot.run(["audit", "--conversation", conversation, "--state", state])
        let line = try #require(audit.stdout.split(separator: "\n").first { $0.contains("dry_run pong: \(fake.wouldSend)") && $0.contains("\"pong for ping-2\"") })
        // Times where the lead is: the configured rules' first calendar's zone (here the
        // repository's rules/, in Riyadh), with UTC beside; or --tz.
        #expect(line.contains(" Asia/Riyadh ("), "\(line)")
        #expect(status.contains(" Asia/Riyadh ("), "\(status)")
        let london = try await InboxBot.run(["audit", "--conversation", conversation, "--state", state, "--tz", "Europe/London"]).stdout
        #expect(london.contains(" Europe/London (") && !london.contains("Asia/Riyadh"), "\(london)")
        let marker = try #require(line.range(of: "[event "))
        let eventID = String(line[marker.upperBound...].prefix { $0 != "," })
        let explain = try await InboxBot.run(["explain", "--conversation", conversation, "--event", eventID, "--state", state,
                                        "--rules", directory.appendingPathComponent("rules").path])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("  message: inbound text \"ping-2\""))
        #expect(explain.stdout.contains("  ● pong: acted"))
        #expect(explain.stdout.contains("  budget: 0 of 10 actions used on this conversation in the last 1h"), "dry-run actions use no budget")
        let elsewhere = try await InboxBot.run(["explain", "--conversation", "another", "--event", eventID, "--state", state,
                                          "--rules", directory.appendingPathComponent("rules").path])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("error: event \(eventID) belongs to conversation \(conversationID), not another"))
    }
}
