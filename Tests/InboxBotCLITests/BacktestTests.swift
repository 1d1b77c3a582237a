import Foundation
import InboxBotCore
import InboxBotState
import Testing

/// `inboxbot fake-hatif` running as its own process, for commands that read the platform.
struct FakeHatifProcess {
    let process: Process
    let port: Int

    static func start() throws -> FakeHatifProcess {
        let process = Process()
        process.executableURL = InboxBot.binary
        process.arguments = ["fake-hatif", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["FAKE_HATIF_CLIENT_SECRET": "backtest-secret"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let address = text.range(of: "http://127.0.0.1:"), let port = Int(text[address.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw StartError(output: text)
        }
        return FakeHatifProcess(process: process, port: port)
    }

    struct StartError: Error { let output: String }

    /// What a command reading this fake needs in its environment.
    var environment: [String: String] {
        ["HATIF_CLIENT_ID": "inboxbot-demo", "HATIF_CLIENT_SECRET": "backtest-secret", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(port)"]
    }

    func stop() {
        process.terminate()
    }
}

@Suite(.serialized, .runsWorkers) struct BacktestTests {
    @Test func replayFromHatifSavesExplainsAndCompares() async throws {
        let fake = try FakeHatifProcess.start()
        defer { fake.stop() }
        let directory = try InboxBot.directory([:])
        let saved = directory.appendingPathComponent("history.jsonl").path

        // 1. Read the past from the fake, read-only, and keep it.
        let replay = try await InboxBot.run(["replay", "--rules", "rules", "--from", "hatif", "--since", "400d", "--save", saved, "--config", "/nonexistent.yaml"],
                                      environment: fake.environment)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stderr.contains("3 of 3 conversations read"))
        #expect(replay.stderr.contains("saved 4 events to \(saved)"))
        #expect(replay.stdout.contains("Replayed 4 events from hatif (since 400d) against 12 rules from rules"))
        #expect(replay.stdout.contains("  vip-routing                1 match in 1 conversation, 2 actions"))
        #expect(!replay.stdout.contains("backtest-secret") && !replay.stderr.contains("backtest-secret"))

        // 2. The saved file replays offline to the same report.
        let offline = try await InboxBot.run(["replay", "--rules", "rules", saved])
        #expect(offline.status == 0)
        let body = { (text: String) in text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("Evaluation took") } }
        #expect(body(offline.stdout) == body(replay.stdout))

        // 3. Explain the newest event of John's conversation, live from the fake.
        let lines = try String(contentsOfFile: saved, encoding: .utf8).split(separator: "\n")
        let john = try #require(lines.first { $0.contains("John Doe") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(john.utf8)) as? [String: Any])
        let conversation = try #require((object["conversation"] as? [String: Any])?["id"] as? String)
        let explain = try await InboxBot.run(["explain", "--rules", "rules", "--conversation", conversation, "--state", directory.appendingPathComponent("none.sqlite").path],
                                       environment: fake.environment)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("message.received"))
        #expect(explain.stdout.contains("  message: inbound text \"Hello, I want a refund\""))
        #expect(explain.stdout.contains("  ● vip-routing: acted"))
        #expect(explain.stdout.contains("  ○ refund-keywords: not evaluated: rule 'vip-routing' acted first with stop: true"))

        // 4. Compare a changed rule set over the saved history.
        let changed = directory.appendingPathComponent("changed")
        try FileManager.default.createDirectory(at: changed, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(InboxBot.repository.path)/rules") where !name.contains(".test.") {
            var text = try String(contentsOfFile: "\(InboxBot.repository.path)/rules/\(name)", encoding: .utf8)
            text = text.replacingOccurrences(of: "      - assign: sara@acme.sa", with: "      - assign: omar@acme.sa")
            text = text.replacingOccurrences(of: "    shadow: true", with: "    shadow: false")
            try text.write(to: changed.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let compare = try await InboxBot.run(["replay", "--rules", "rules", "--compare", changed.path, saved])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("Compared with \(changed.path) (12 rules): 2 changes in 2 conversations"))
        #expect(compare.stdout.contains("  vip-routing                decisions 1 → 1: 1 changed; actions 2 → 2"), "\(compare.stdout)")
        #expect(compare.stdout.contains("  missed-call-shadow-assign  decisions 0 → 1: 1 added; actions 0 → 1"), "\(compare.stdout)")
        #expect(compare.stdout.contains("assign to sara@acme.sa; tag routed → assign to omar@acme.sa; tag routed"))
        #expect(compare.stdout.contains("missed-call-shadow-assign: assign to oncall@acme.sa"))

        // The same comparison straight from the platform.
        let live = try await InboxBot.run(["replay", "--rules", "rules", "--compare", changed.path, "--from", "hatif", "--since", "400d", "--config", "/nonexistent.yaml"],
                                    environment: fake.environment)
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains("Compared with \(changed.path) (12 rules): 2 changes in 2 conversations"))

        let json = try await InboxBot.run(["replay", "--rules", "rules", "--compare", changed.path, saved, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let comparison = try #require(report["comparison"] as? [String: Any])
        #expect((comparison["changes"] as? [Any])?.count == 2)
        #expect((report["base"] as? [String: Any])?["events"] as? Int == 4)
    }

    @Test func explainNamesTheActionsTheBudgetWouldHoldBack() async throws {
        let directory = try InboxBot.directory([:])
        let state = directory.appendingPathComponent("state.sqlite").path
        let store = try SQLiteStateStore(path: state)
        // Nine actions already queued for c-1 this hour: one left of the default ten.
        let conversation = ConversationSnapshot(id: "c-1", tags: ["vip"])
        let spent = (0..<9).map { OutboxEntry(ruleID: "r", ruleSetVersion: "v", conversation: conversation, eventID: "old-\($0)", actionIndex: 0,
                                              action: .addTags(["x"]), at: Date()) }
        try await store.complete(eventID: "old", actions: spent, firings: [], audit: [], at: Date())
        let events = directory.appendingPathComponent("event.jsonl")
        try #"{"id":"e-9","type":"message.received","time":"2026-03-17T09:00:00Z","conversation":{"id":"c-1","tags":["vip"]},"message":{"direction":"inbound","body":"hi"}}"#
            .write(to: events, atomically: true, encoding: .utf8)
        let output = try await InboxBot.run(["explain", "--rules", "rules", events.path, "--state", state, "--rule", "vip-routing"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("  ● vip-routing: acted"))
        #expect(output.stdout.contains("      held back by the action budget: 1 of its actions (10 per conversation in 1h)"))
        #expect(output.stdout.contains("  budget: 9 of 10 actions used on this conversation in the last 1h"))
    }

    @Test func explainsAnEventFromAFileAndFromTheStateFile() async throws {
        let file = try await InboxBot.run(["explain", "--rules", "rules", "examples/events.jsonl", "--state", "/nonexistent/state.sqlite"])
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stdout.contains("State: none at /nonexistent/state.sqlite, so once, cooldown and the budget start empty"))
        #expect(file.stdout.contains("  ● missed-call-shadow-assign: matched, but shadow mode: would act, does not"))
        #expect(file.stdout.contains("        ✓ within business hours of riyadh-office  (saw Tue 2026-03-17 09:40 Asia/Riyadh (open))"))

        let neither = try await InboxBot.run(["explain", "--rules", "rules"])
        #expect(neither.status == 1)
        #expect(neither.stderr.contains("give one of: a file of events, --event ID, --conversation ID, or --say TEXT"))
    }
    /// Without an account: traffic made on a platform's fake, read back through its real
    /// connector, replayed and saved; the saved file replays alike offline.
    @Test func trafficFromAFakeNeedsNoAccount() async throws {
        let directory = try InboxBot.directory([:])
        let saved = directory.appendingPathComponent("fake-week.jsonl").path
        let made = try await InboxBot.run(["replay", "--rules", "rules", "--from-fake", "hatif", "--since", "12h", "--save", saved, "--format", "json"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("making 144 customer actions on a fake Hatif since "), "\(made.stderr)")
        #expect(!made.stderr.contains("error"), "\(made.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        let events = try #require(report["events"] as? Int)
        #expect(events > 100, "about one event per customer action: \(events)")
        #expect((report["matches"] as? Int ?? 0) > 0)
        let offline = try await InboxBot.run(["replay", "--rules", "rules", saved, "--format", "json"])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(offline.stdout.utf8)) as? [String: Any])
        #expect(again["events"] as? Int == events)
        #expect(again["per_rule_actions"] as? [String: Int] == report["per_rule_actions"] as? [String: Int])
        let neither = try await InboxBot.run(["replay", "--rules", "rules", saved, "--from-fake", "hatif"])
        #expect(neither.status == 1)
        #expect(neither.stderr.contains("error: give one of: a file of events, --from PLATFORM, or --from-fake PLATFORM"))
        for rate in ["nan", "0", "-3", "1e9"] {
            let bad = try await InboxBot.run(["replay", "--rules", "rules", "--from-fake", "hatif", "--fake-actions-per-hour=\(rate)"])
            #expect(bad.status != 0 && bad.stderr.contains("--fake-actions-per-hour must be a number of actions from more than 0 to 3600"), "\(rate): \(bad.stderr)")
        }
    }

}
