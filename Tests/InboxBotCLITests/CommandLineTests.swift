import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotState
import Testing

/// Runs the built `inboxbot` binary, as a user would.
struct InboxBot {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle, where `swift build --build-tests` puts it.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("inboxbot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/inboxbot")
    }()

    /// Runs the binary in `directory` (the repository unless given).
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL = repository) async throws -> Output {
        try await run(binary, arguments, stdin: stdin, environment: environment, in: directory)
    }

    /// Runs a program and waits for it on a thread of its own: waiting on Swift's cooperative
    /// pool (two threads on a two-core machine) starved every other test's async work (fake
    /// servers stopped answering for half a minute) while a test ran its commands.
    static func run(_ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL = repository) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, stdin: stdin, environment: environment, in: directory) })
            }.start()
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], stdin: String?, environment: [String: String], in directory: URL) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory
        // Output goes to files, not pipes: a pipe that fills while nobody reads it would stall
        // the program.
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let outURL = files.appendingPathComponent("stdout"), errURL = files.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL), input = Pipe()
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A fresh directory holding the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A process's log as it stands once it holds `needle`, or after `seconds`.
    static func log(_ url: URL, until needle: String, seconds: Double) async throws -> String {
        var text = ""
        for _ in 0..<Int(seconds * 4) where !text.contains(needle) {
            try await Task.sleep(for: .milliseconds(250))
            text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        }
        return text
    }
}

@Suite struct ValidateCommandTests {
    @Test func theExampleRulesAreValid() async throws {
        let output = try await InboxBot.run(["validate", "rules/"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.hasPrefix("ok: 12 rules in 7 files and 6 test files, 0 errors, 0 warnings"))
    }

    /// Help is wrapped once, by the parser, to the terminal's width: a paragraph is not broken
    /// where the source happened to wrap it.
    @Test func helpIsWrappedOnceToTheTerminal() async throws {
        let wide = try await InboxBot.run(["contacts", "--help"], environment: ["COLUMNS": "500"]).stdout
        #expect(wide.contains("An opted-out contact gets no automated message (text, template, flow, new conversation) from any rule, in any conversation. Rules record"),
                "\(wide)")
        let replay = try await InboxBot.run(["replay", "--help"], environment: ["COLUMNS": "500"]).stdout
        #expect(replay.contains("Reads events as JSON Lines (one event per line; see docs/events.md), or with '--from PLATFORM' ('hatif', 'textus') reads"), "\(replay)")
        let narrow = try await InboxBot.run(["replay", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(narrow.split(separator: "\n").prefix { !$0.hasPrefix("USAGE") }.allSatisfy { $0.count <= 80 })
        // Lines laid out by hand (lists, examples) fit 80 columns, so the parser never breaks them.
        let overview = try await InboxBot.run(["--help"]).stdout
        let commands = overview.split(separator: "\n").drop { $0 != "SUBCOMMANDS:" }.dropFirst()
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands.count > 15, "\(overview)")
        for command in commands {
            let help = try await InboxBot.run([command, "--help"], environment: ["COLUMNS": "500"]).stdout
            let discussion = help.split(separator: "\n").prefix { !$0.hasPrefix("USAGE") }
            for line in discussion where line.first == " " || line.first == "*" {
                #expect(line.count <= 80, "inboxbot \(command) --help: a hand-laid line wider than 80 columns: \(line)")
            }
        }
    }

    /// Operators list opt-outs and change them by hand, on the state file the worker uses.
    @Test func contactsAreOptedOutAndBackInByHand() async throws {
        let state = try InboxBot.directory([:]).appendingPathComponent("state.sqlite").path
        #expect(FileManager.default.createFile(atPath: state, contents: nil), "an empty file, as SQLite starts one")
        #expect(try await InboxBot.run(["migrate", "--state", state]).status == 0)
        #expect(try await InboxBot.run(["contacts", "--state", state]).stdout == "no contact has opted out\n")
        let out = try await InboxBot.run(["contacts", "opt-out", "+966 50 000 0001", "--state", state])
        #expect(out.stdout == "opted out: phone:966500000001\n", "\(out.stderr)")
        let listed = try await InboxBot.run(["contacts", "list", "--state", state]).stdout
        #expect(listed.hasSuffix("  phone:966500000001  (by hand)\n"), "\(listed)")
        #expect(try await InboxBot.run(["contacts", "opt-in", "00966500000001", "--state", state]).stdout == "opted in: phone:966500000001\n")
        #expect(try await InboxBot.run(["contacts", "--state", state]).stdout == "no contact has opted out\n")
        let bad = try await InboxBot.run(["contacts", "opt-out", "nobody", "--state", state])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: 'nobody' has no digits; give a phone number, or a contact id with --id"))
        // One the platform told of (a TextUs opt-out delivery) says so.
        let store = try SQLiteStateStore(path: state)
        try await store.changeContacts([.optOut(keys: ["phone:13035550142"], OptOut(at: Date(), eventID: "textus:/integrations/Q/deliveries/9x", ruleID: nil))], audit: [])
        let platform = try await InboxBot.run(["contacts", "list", "--state", state]).stdout
        #expect(platform.hasSuffix("  phone:13035550142  (on the platform, textus:/integrations/Q/deliveries/9x)\n"), "\(platform)")
    }

    /// With --config, a `call` must name one of the configuration's endpoints.
    @Test func validateChecksCallsAgainstTheConfigurationsEndpoints() async throws {
        let directory = try InboxBot.directory([
            "rules/notify.yaml": "rules:\n  - id: notify\n    on: message.received\n    then:\n      - call: slak\n",
            "inboxbot.yaml": "endpoints:\n  slack:\n    url: https://hooks.slack.com/services/T/B/X\n",
        ])
        let rules = directory.appendingPathComponent("rules").path
        #expect(try await InboxBot.run(["validate", rules]).status == 0, "without a configuration, endpoints are not checked")
        let checked = try await InboxBot.run(["validate", "--config", directory.appendingPathComponent("inboxbot.yaml").path, rules])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("notify.yaml:5:9: error: rule 'notify': no endpoint 'slak' in the configuration; did you mean 'slack'? (endpoints: slack)"), "\(checked.stdout)")
    }

    /// TextUs has no tags and no WhatsApp templates: the example rules that use them are
    /// refused with positions, and the TextUs examples pass, with their rule tests.
    @Test func rulesAreCheckedAgainstWhatAPlatformCanDo() async throws {
        let textus = try await InboxBot.run(["validate", "--platform", "textus", "rules/"])
        #expect(textus.status == 1)
        let lines = textus.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("rules/10-routing.yaml:13:9: error: rule 'vip-routing': tag cannot be done on TextUs: TextUs has no tags (its Next API has none)"))
        #expect(lines.contains("rules/30-after-hours.yaml:12:9: error: rule 'after-hours-ar': send_template cannot be done on TextUs: TextUs sends SMS and has no WhatsApp templates; use send_text"))
        #expect(lines.contains("rules/10-routing.yaml:9:7: error: rule 'vip-routing': this condition can never hold on TextUs: it has no tags"))
        #expect(lines.last == "failed: 7 files and 6 test files, 12 errors, 0 warnings")

        let hatif = try await InboxBot.run(["validate", "--platform", "hatif", "rules/"])
        #expect(hatif.status == 0)
        #expect(hatif.stdout.hasPrefix("ok: 12 rules in 7 files and 6 test files for Hatif, 0 errors, 0 warnings"))
        let examples = try await InboxBot.run(["validate", "--platform", "textus", "examples/textus/rules/"])
        #expect(examples.status == 0, "\(examples.stdout)")
        #expect(examples.stdout.hasPrefix("ok: 5 rules in 2 files and 1 test file for TextUs, 0 errors, 0 warnings"))
        let tests = try await InboxBot.run(["test", "examples/textus/rules/"])
        #expect(tests.status == 0, "\(tests.stdout)")
        #expect(tests.stdout.contains("5 tests in 1 file: 5 passed, 0 failed"))

        let badLatency = try await InboxBot.run(["fake", "hatif", "--request-latency", "61"])
        #expect(badLatency.status != 0)
        #expect(badLatency.stderr.contains("--request-latency must be seconds, such as 0.6, or a range such as 0.5-0.7, from 0 to 60, not '61'"), "\(badLatency.stderr)")

        let timelines = try await InboxBot.run(["validate", "--platform", "timelinesai", "rules/"])
        #expect(timelines.status == 1)
        #expect(timelines.stdout.contains("rules/40-calls.yaml:9:9: error: rule 'missed-call-follow-up': send_template cannot be done on TimelinesAI"), "\(timelines.stdout)")
        let whatsapp = try await InboxBot.run(["validate", "--platform", "timelinesai", "examples/timelinesai/rules/"])
        #expect(whatsapp.stdout.hasPrefix("ok: 4 rules in 1 file and 1 test file for TimelinesAI, 0 errors, 0 warnings"), "\(whatsapp.stdout)")
        #expect(try await InboxBot.run(["test", "examples/timelinesai/rules/"]).stdout.contains("4 tests in 1 file: 4 passed, 0 failed"))

        let badPage = try await InboxBot.run(["fake", "textus", "--page-size", "0"])
        #expect(badPage.status != 0)
        #expect(badPage.stderr.contains("--page-size must be from 1 to 1000"), "\(badPage.stderr)")

        // Hilos: no free text, no waits for replies; the example rules pass, with the warning
        // that a message condition sees only a conversation's first message there.
        let hilos = try await InboxBot.run(["validate", "--platform", "hilos", "rules/"])
        #expect(hilos.status == 1)
        #expect(hilos.stdout.contains("send_text cannot be done on Hilos"), "\(hilos.stdout)")
        let hilosExamples = try await InboxBot.run(["validate", "--platform", "hilos", "examples/hilos/rules/"])
        #expect(hilosExamples.status == 0, "\(hilosExamples.stdout)")
        #expect(hilosExamples.stdout.contains("warning: rule 'pedido-tag': on Hilos this condition sees only some messages"), "\(hilosExamples.stdout)")
        #expect(try await InboxBot.run(["test", "examples/hilos/rules/"]).stdout.contains("5 tests in 1 file: 5 passed, 0 failed"))

        // Only Hilos runs flows and has teams; elsewhere run_flow and assign_team are refused at their place.
        let flows = try InboxBot.directory(["flows/survey.yaml": "rules:\n  - id: survey\n    on: conversation.closed\n    then:\n      - run_flow: 5f0c1a2b\n      - assign_team: none\n"])
        let flowRules = flows.appendingPathComponent("flows").path
        #expect(try await InboxBot.run(["validate", "--platform", "hilos", flowRules]).status == 0)
        for (platform, reason) in [("hatif", "the Voxa API has no flows to run"), ("textus", "TextUs has no flows to run"), ("timelinesai", "TimelinesAI's Public API has no flows to run")] {
            let refused = try await InboxBot.run(["validate", "--platform", platform, flowRules])
            #expect(refused.status == 1 && refused.stdout.contains("survey.yaml:5:9: error: rule 'survey': run_flow cannot be done on"), "\(refused.stdout)")
            #expect(refused.stdout.contains(reason), "\(refused.stdout)")
            #expect(refused.stdout.contains("survey.yaml:6:9: error: rule 'survey': assign_team cannot be done on"), "\(refused.stdout)")
        }

        let unknown = try await InboxBot.run(["validate", "--platform", "textos", "rules/"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown platform 'textos'; did you mean 'textus'? (platforms: hatif, textus, timelinesai, hilos)"))
    }

    /// `init --platform` writes a configuration for that platform and a first rule it can run.
    @Test func initWritesAConfigurationAndAFirstRuleEachPlatformCanRun() async throws {
        for platform in ["hatif", "textus"] {
            let directory = try InboxBot.directory([:])
            let written = try await InboxBot.run(["init", "--platform", platform, "--directory", directory.path])
            #expect(written.status == 0, "\(written.stderr)")
            #expect(written.stdout.contains("check the rules with 'inboxbot validate --platform \(platform) rules'"))
            let configuration = try String(contentsOf: directory.appendingPathComponent("inboxbot.yaml"), encoding: .utf8)
            #expect(configuration.contains("platform: \(platform) "))
            #expect(configuration.contains("\n\(platform):\n  base_url: "))
            let rules = directory.appendingPathComponent("rules").path
            let checked = try await InboxBot.run(["validate", "--platform", platform, rules])
            #expect(checked.status == 0, "\(platform): \(checked.stdout)")
            let again = try await InboxBot.run(["init", "--platform", platform, "--directory", directory.path])
            #expect(again.status == 1, "never overwrites")
        }
    }

    @Test func errorsExitOneWithPositionsAcrossFiles() async throws {
        let directory = try InboxBot.directory([
            "a.yaml": "rules:\n  - id: same\n    on: message.received\n    then: [ { tag: x } ]\n",
            "b.yaml": "rules:\n  - id: same\n    on: message.received\n    then: [ { tag: y } ]\n",
            "c.yml": "rules:\n  - id: typo\n    on: message.received\n    if: { status: opne }\n    then: [ { tag: z } ]\n",
            "c.test.yaml": "this is a rule test, not rules: [",
            ".hidden.yaml": "not: [valid",
        ])
        let output = try await InboxBot.run(["validate", directory.path])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(directory.path)/b.yaml:2:5: error: duplicate rule id 'same' (first defined at \(directory.path)/a.yaml:2:5); give each rule its own id",
            "\(directory.path)/c.yml:4:19: error: unknown status 'opne'; did you mean 'open'? (allowed: open, pending, closed)",
            // A test file is checked as a test file, not as rules.
            "\(directory.path)/c.test.yaml:2:1: error: YAML syntax error: did not find expected node content while parsing a flow node; check the indentation and that every quote and bracket is closed",
            "failed: 3 files and 1 test file, 3 errors, 0 warnings",
        ])
    }

    @Test func warningsPassUnlessStrict() async throws {
        let directory = try InboxBot.directory([
            "r.yaml": "rules:\n  - id: greet\n    on: message.received\n    then:\n      - send_text: \"Hi {{contact.name}}\"\n",
        ])
        let relaxed = try await InboxBot.run(["validate", "--quiet", directory.path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stdout.contains("r.yaml:5:9: warning: {{contact.name}} can be empty"))
        let strict = try await InboxBot.run(["validate", "--strict", directory.path])
        #expect(strict.status == 1)
    }

    @Test func aMissingPathOrAnEmptyDirectoryIsAnError() async throws {
        let missing = try await InboxBot.run(["validate", "no/such/dir"])
        #expect(missing.status == 1)
        #expect(missing.stdout.hasPrefix("no/such/dir:1:1: error: no such file or directory"))
        let empty = try await InboxBot.run(["validate", try InboxBot.directory([:]).path])
        #expect(empty.status == 1)
        #expect(empty.stdout.contains("error: no rule files (*.yaml or *.yml) found"))
    }
}

@Suite struct ReplayCommandTests {
    @Test func jsonReportHasTheDocumentedKeys() async throws {
        let output = try await InboxBot.run(["replay", "--rules", "rules", "Tests/InboxBotCLITests/Fixtures/mixed.jsonl", "--format", "json"])
        #expect(output.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(report["events"] as? Int == 4)
        #expect(report["bad_lines"] as? Int == 2)
        // evt-1 stops at vip-routing; evt-4's after-hours reply is held back by its 12h cooldown.
        // Timers run on the events' clock: c-1 waits two business hours unanswered, and c-3
        // (a UAE number, so no round robin) stays unassigned for ten minutes in office hours.
        #expect(report["matches"] as? Int == 7)
        #expect(report["timers_fired"] as? Int == 4)
        #expect(report["suppressed"] as? Int == 1)
        let perRule = try #require(report["per_rule"] as? [String: Int])
        #expect(perRule == [
            "vip-routing": 1, "saudi-round-robin": 0, "refund-keywords": 1, "complaint-escalation": 0,
            "after-hours-ar": 1, "missed-call-follow-up": 1, "missed-call-shadow-assign": 1,
            "sla-first-reply": 1, "nobody-picked-it-up": 1, "after-hours-still-waiting": 0, "stop-request": 0, "start-request": 0,
        ])
        #expect((report["elapsed_seconds"] as? Double ?? -1) >= 0)
        #expect(output.stderr.contains("Tests/InboxBotCLITests/Fixtures/mixed.jsonl:5: error: not valid JSON"))
        #expect(output.stderr.contains("Tests/InboxBotCLITests/Fixtures/mixed.jsonl:6: error: unknown key 'bodyy' in message; did you mean 'body'?"))
    }

    /// A path that is a directory, or missing, is an error that says why: never a crash
    /// (reading a directory through `readData(ofLength:)` trapped).
    @Test func anUnreadableEventFileSaysWhy() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in ["replay", "explain"] {
            let isDirectory = try await InboxBot.run([command, "--rules", "rules", directory.path])
            #expect(isDirectory.status == 1, "\(command): \(isDirectory.stderr)")
            #expect(isDirectory.stderr.contains("error: cannot read \(directory.path): Is a directory"), "\(command): \(isDirectory.stderr)")
            let missing = try await InboxBot.run([command, "--rules", "rules", directory.path + "/none.jsonl"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("error: cannot read \(directory.path)/none.jsonl: No such file or directory"), "\(command): \(missing.stderr)")
        }
    }

    /// With `--compare`, each rule set sees the events with its own rules' doings laid over,
    /// never the other's: the base lays its overlay on the event in place, after the other
    /// rules have taken it as recorded.
    @Test func comparedRulesSeeTheirOwnOverlayNotTheBases() async throws {
        let tagging = """
        rules:
          - id: mark
            on: message.received
            if: { tags: { none_of: [marked] } }
            then: [{ tag: marked }]
        """
        let reading = """
        rules:
          - id: mark
            on: message.received
            if: { tags: { none_of: [marked] } }
            then: [{ tag: other }]
          - id: sees-marked
            on: message.received
            if: { tags: marked }
            then: [{ tag: seen }]
        """
        let event = { (id: String, minute: Int) in
            #"{"id":"\#(id)","type":"message.received","time":"2026-03-17T12:0\#(minute):00Z","conversation":{"id":"c-1","status":"open","tags":[]},"message":{"direction":"inbound","type":"text","body":"hi"}}"#
        }
        let directory = try InboxBot.directory(["base/rules.yaml": tagging, "other/rules.yaml": reading,
                                                "events.jsonl": (1...3).map { event("e-\($0)", $0) }.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try await InboxBot.run(["replay", "--rules", directory.appendingPathComponent("base").path,
                                             "--compare", directory.appendingPathComponent("other").path,
                                             directory.appendingPathComponent("events.jsonl").path, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let base = try #require((report["base"] as? [String: Any])?["per_rule"] as? [String: Int])
        let other = try #require((report["other"] as? [String: Any])?["per_rule"] as? [String: Int])
        // The base tags `marked` once, and its overlay keeps it from matching again.
        #expect(base == ["mark": 1])
        // The other rules never tag `marked`, so nothing they see carries it.
        #expect(other == ["mark": 3, "sees-marked": 0], "\(output.stdout)")
    }

    @Test func decisionsAndExplanationsInText() async throws {
        let output = try await InboxBot.run(["replay", "--rules", "rules", "Tests/InboxBotCLITests/Fixtures/mixed.jsonl", "--explain"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("evt-1 c-1 vip-routing: assign to sara@acme.sa; tag routed\n    ✓ all of\n      ✓ tags include any of vip, gold  (saw [vip])"))
        #expect(output.stdout.contains("evt-3 c-3 missed-call-shadow-assign (shadow): assign to oncall@acme.sa"))
        #expect(output.stdout.contains("evt-3 c-3 missed-call-follow-up: send template missed_call_callback (en) with \"Layla\"; tag missed-call\n    ✓ no conditions: always holds"))
        #expect(output.stdout.contains("Replayed 4 events from Tests/InboxBotCLITests/Fixtures/mixed.jsonl against 12 rules from rules (2 bad lines skipped)"))
        #expect(output.stdout.contains("  missed-call-shadow-assign  1 match in 1 conversation, 0 actions (shadow: none carried out)"))
        // A timer's decision is named by its wait, never by its internal key.
        #expect(output.stdout.contains("\ntimer(idle) c-1 sla-first-reply: tag sla-breach; assign to oncall@acme.sa\n"), "\(output.stdout)")
        #expect(!output.stdout.contains("timer:"))
    }

    /// explain says what an event does to the time-based rules' waits, and when they come
    /// due, in the zone of the wait's calendar.
    @Test func explainShowsTheWaitsAnEventStartsAndEnds() async throws {
        let output = try await InboxBot.run(["explain", "--rules", "rules", "examples/events.jsonl", "--rule", "sla-first-reply"])
        #expect(output.status == 0, "\(output.stderr)")
        // Two business hours from 09:40 Riyadh time, in the office's calendar.
        #expect(output.stdout.contains("Event evt-1: message.received at Tue 2026-03-17 09:40 Asia/Riyadh (2026-03-17T06:40:00Z), conversation c-4\n"
            + "  message: inbound text \"السلام عليكم، متى يصل طلبي؟\"\n"
            + "  conversation: open, tags none, unread 1, assignee none, channel Main Line, contact Noura Al-Harbi +966501112233\n"
            + "  ○ sla-first-reply: time-based: runs when its wait comes due, not on this event; "
            + "this event starts its idle wait, due Tue 2026-03-17 11:40 Asia/Riyadh (2026-03-17T08:40:00Z)\n"), "\(output.stdout)")
        #expect(!output.stdout.contains("not triggered by this event type"))
    }

    /// explain --until runs the clock on and explains each wait as it comes due: the rule's
    /// conditions as they stand then, and why it did or did not act.
    @Test func explainShowsAWaitComingDue() async throws {
        let scene = ["explain", "--rules", "rules", "--say", "hello", "--at", "2026-03-17 10:00", "--rule", "sla-first-reply"]
        let fired = try await InboxBot.run(scene + ["--until", "3h"])
        #expect(fired.status == 0, "\(fired.stderr)")
        #expect(fired.stdout.contains("\nWait: the idle wait of rule sla-first-reply comes due at Tue 2026-03-17 12:00 Asia/Riyadh (2026-03-17T09:00:00Z), "
            + "conversation c-explain (armed Tue 2026-03-17 10:00 Asia/Riyadh (2026-03-17T07:00:00Z) by event said)\n"), "\(fired.stdout)")
        #expect(fired.stdout.contains("  ● sla-first-reply: acted\n      ✓ all of\n        ✓ status is open  (saw open)"), "\(fired.stdout)")
        #expect(!fired.stdout.contains("after-hours-still-waiting"), "--rule shows only the rules named, timers too")

        let held = try await InboxBot.run(scene + ["--tags", "sla-breach", "--until", "Tue 12:30"])
        #expect(held.stdout.contains("  ○ sla-first-reply: conditions not met\n"), "\(held.stdout)")
        #expect(held.stdout.contains("✗ tags include none of sla-breach  (saw [sla-breach])"), "\(held.stdout)")

        let waiting = try await InboxBot.run(scene)
        #expect(waiting.stdout.contains("1 wait is still running: add --until (such as --until 2h) to see it come due"), "\(waiting.stdout)")
        let bad = try await InboxBot.run(scene + ["--until", "later"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: --until must be a span such as 2h or a time such as 'Thu 20:00'"), "\(bad.stderr)")
    }

    /// explain without JSON: a message made up on the command line, at a time in the rules' zone.
    @Test func explainsAMessageSaidOnTheCommandLine() async throws {
        let output = try await InboxBot.run(["explain", "--rules", "rules", "--say", "I want a refund", "--tags", "billing",
                                             "--at", "2026-03-19 18:00", "--rule", "refund-keywords", "--rule", "after-hours-ar"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Event said: message.received at Thu 2026-03-19 18:00 Asia/Riyadh (2026-03-19T15:00:00Z), conversation c-explain\n"
            + "  message: inbound text \"I want a refund\"\n"
            + "  conversation: open, tags billing, unread 1, assignee none, channel Main Line, contact Test Customer +966500000001\n"
            + "  ● refund-keywords: acted\n"), "\(output.stdout)")
        #expect(output.stdout.contains("  ● after-hours-ar: acted"), "18:00 is after hours in Riyadh: \(output.stdout)")
        let zone = try await InboxBot.run(["explain", "--rules", "rules", "--say", "hi", "--tz", "Asia/Riyad"])
        #expect(zone.status == 1)
        #expect(zone.stderr.contains("error: unknown time zone 'Asia/Riyad'; did you mean 'Asia/Riyadh'?"), "\(zone.stderr)")
        let when = try await InboxBot.run(["explain", "--rules", "rules", "--say", "hi", "--at", "soon"])
        #expect(when.stderr.contains("error: --at must be a time such as 'Thu 18:00'"), "\(when.stderr)")
        let alone = try await InboxBot.run(["explain", "--rules", "rules", "examples/events.jsonl", "--tags", "vip"])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("error: --tags, --assignee, --status and --at set the scene for --say TEXT"), "\(alone.stderr)")
    }

    /// A file of several megabytes is read a megabyte at a time, each decoded on another core
    /// while the last is replayed, and freed there after: no line may be lost or taken twice
    /// at a megabyte's edge. The fixture is repeated, a week apart each time (the same
    /// weekdays and hours) with conversations of its own, so that each copy adds the same
    /// figures: the big file's report is the first copy's plus the second's increment times
    /// the rest.
    @Test func aFileOfSeveralMegabytesGivesTheFiguresOfItsCopies() async throws {
        let fixture = try String(contentsOfFile: "Tests/InboxBotCLITests/Fixtures/mixed.jsonl", encoding: .utf8)
        let time = try Regex(#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#), id = try Regex(#""id":"(c|evt)-(\d+)""#)
        func copies(_ count: Int) throws -> URL {
            var text = ""
            for copy in 0..<count {
                text += fixture.replacing(time) { match in
                    let date = (try? Date(String(match.output[0].substring ?? ""), strategy: .iso8601)) ?? .distantPast
                    return date.addingTimeInterval(Double(copy) * 7 * 86_400).formatted(.iso8601)
                }.replacing(id) { match in "\(match.output[0].substring ?? "")".dropLast() + "-\(copy)\"" }
                if !text.hasSuffix("\n") { text += "\n" }
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("copies-\(count)-\(UUID().uuidString).jsonl")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        func report(_ count: Int) async throws -> (figures: [String: Any], bytes: Int) {
            let file = try copies(count)
            defer { try? FileManager.default.removeItem(at: file) }
            let bytes = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
            let output = try await InboxBot.run(["replay", "--rules", "rules", file.path, "--format", "json"])
            #expect(output.status == 0)
            return (try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]), bytes)
        }
        let many = 3_000
        let (one, two) = (try await report(1).figures, try await report(2).figures)
        let (all, size) = try await report(many)
        #expect(size > 3 << 20, "several megabytes: \(size) bytes")
        #expect(all["events"] as? Int == 4 * many)
        #expect(all["bad_lines"] as? Int == 2 * many)
        for figure in ["matches", "actions", "suppressed", "timers_fired"] {
            let first = try #require(one[figure] as? Int), second = try #require(two[figure] as? Int)
            #expect(all[figure] as? Int == first + (second - first) * (many - 1), "\(figure)")
        }
        let perRule = { (report: [String: Any]) in report["per_rule_conversations"] as? [String: Int] ?? [:] }
        for (rule, first) in perRule(one) {
            let second = perRule(two)[rule] ?? -1
            #expect(perRule(all)[rule] == first + (second - first) * (many - 1), "\(rule)")
        }
    }

    @Test func readsStandardInputAndKeepsCooldownAcrossEvents() async throws {
        let event = { (id: String, time: String) in
            #"{"id":"\#(id)","type":"call.missed","time":"\#(time)","conversation":{"id":"c-1","contact":{"name":"Ali","phone":"+966500000001"}},"call":{"direction":"inbound","status":"missed"}}"#
        }
        let stdin = [event("a", "2026-03-17T10:00:00Z"), event("b", "2026-03-17T10:30:00Z"), event("c", "2026-03-17T11:30:00Z")].joined(separator: "\n")
        let output = try await InboxBot.run(["replay", "--rules", "rules", "-", "--decisions"], stdin: stdin)
        #expect(output.status == 0)
        let followUps = output.stdout.split(separator: "\n").filter { $0.contains("missed-call-follow-up:") }
        #expect(followUps.map { String($0.prefix(1)) } == ["a", "c"])
        #expect(output.stdout.contains("1 suppressed by once, cooldown or sample"))
    }

    @Test func invalidRulesStopTheReplay() async throws {
        let directory = try InboxBot.directory(["r.yaml": "rules: [ { id: a, on: nothing, then: [ { tag: x } ] } ]"])
        let output = try await InboxBot.run(["replay", "--rules", directory.path, "Tests/InboxBotCLITests/Fixtures/mixed.jsonl"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("r.yaml:1:23: error: unknown event type 'nothing'"))
    }
}

@Suite(.runsWorkers) struct DemoCommandTests {
    @Test func theLiveDemoFiresRulesAgainstTheFake() async throws {
        let output = try await InboxBot.run(["demo", "--duration", "8", "--customers-per-minute", "120"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("inboxbot demo: 12 rules from rules, a fake Hatif on port"))
        #expect(text.contains("from Tue 2026-03-17 17:30 in Riyadh (times below are Asia/Riyadh)"), "\(text)")
        #expect(text.contains("[by webhook]") || text.contains("[by poll]"))
        #expect(text.contains("      rule "), "some rule decided")
        #expect(text.contains("      ✓ "), "some action was carried out")
        // 8 s at 900× is two hours of demo time: customers from abroad wait unassigned for 10 minutes.
        #expect(text.contains("⏰") && text.contains("rule nobody-picked-it-up: the unassigned_for wait (armed "), "a time-based rule fired")
        #expect(!text.contains(":never"), "no internal timer key")
        // The bot's own message is said once, not again for each of its delivery statuses.
        let lines = text.split(separator: "\n")
        #expect(lines.filter { $0.contains("(the bot's own message coming back") }.count <= lines.filter { $0.contains(" message.sent in ") }.count, "\(text)")
        #expect(text.contains("Summary"))
        #expect(!text.contains("demo-secret"))
    }

    /// The demo prints the console's address, and the console shows the demo's activity as it happens.
    @Test func theDemosConsoleShowsItsActivity() async throws {
        let directory = try InboxBot.directory([:])
        let output = directory.appendingPathComponent("demo.log")
        // Long enough for a loaded machine; it is stopped (SIGTERM) once the page shows a decision.
        let demo = try CrashRecoveryTests.start(["demo", "--duration", "90", "--customers-per-minute", "240"], environment: [:], output: output)
        defer { if demo.isRunning { demo.terminate() } }
        var address: String?
        for _ in 0..<100 where address == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            address = text.range(of: "The console shows it too: ").map { String(text[$0.upperBound...].prefix { !$0.isWhitespace }) }
        }
        let console = try #require(address)
        var page = ""
        for _ in 0..<240 where !page.contains("decision: ") {
            try await Task.sleep(for: .milliseconds(250))
            page = String(buffer: try await HTTPClient.shared.execute(HTTPClientRequest(url: console), timeout: .seconds(5)).body.collect(upTo: 1 << 20))
        }
        #expect(page.contains("Ready: taking events from Hatif.") && page.contains("decision: "), "\(page)")
        demo.terminate()
        await demo.exited()
        #expect(demo.terminationStatus == 0, "SIGTERM stops a demo with a duration cleanly")
    }

    /// Hilos in the demo: read by polling, customers' messages pushed as a flow would, and a
    /// pushed first message taken once though the poller finds it too.
    @Test func theLiveDemoRunsOnHilos() async throws {
        let output = try await InboxBot.run(["demo", "--platform", "hilos", "--duration", "8", "--customers-per-minute", "120"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("inboxbot demo: 7 rules from examples/hilos/rules, a fake Hilos on port"), "\(text.prefix(300))")
        #expect(text.contains("[by webhook]") && text.contains("[by poll]"))
        #expect(text.contains("✓ send template bienvenida (es) with "), "a template went out")
        #expect(text.contains("rule unanswered-to-rota: the since_created wait (armed "), "a time-based rule fired")
        let summary = try #require(text.range(of: "Summary"))
        #expect(!text[summary.lowerBound...].contains(" 0 repeats dropped by id"), "pushed first messages are the poller's events too")
        #expect(!text.contains("demo-key"))
    }

    @Test func walksThroughTheExampleDay() async throws {
        let output = try await InboxBot.run(["demo", "--replay"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.hasPrefix("inboxbot demo: 12 rules from 7 files in rules, events from examples/events.jsonl"))
        // Every example rule acts at least once on the sample day, and the Arabic follow-up is held back.
        for rule in ["vip-routing", "saudi-round-robin", "refund-keywords", "complaint-escalation",
                     "after-hours-ar", "missed-call-follow-up", "missed-call-shadow-assign"] {
            #expect(text.contains("  → \(rule)"), "\(rule) never acted")
        }
        #expect(text.contains("· after-hours-ar matched but holds back: cooldown"))
        // Times in the rules' calendar's zone; a wait running out named by its rule and kind.
        #expect(text.contains("\nTue 2026-03-17 09:40 Asia/Riyadh  message.received in c-4 from Noura Al-Harbi"), "\(text)")
        #expect(text.contains("\nTue 2026-03-17 11:40 Asia/Riyadh  ⏰ the idle wait of rule sla-first-reply ran out in c-4 (Noura Al-Harbi)"))
        #expect(text.contains("7 events,"))
        #expect(text.contains("0 bad lines skipped"))
    }
}

@Suite struct SchemaCommandTests {
    @Test func printsTheRuleAndEventSchemas() async throws {
        let rules = try await InboxBot.run(["schema"])
        #expect(rules.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(rules.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let events = try await InboxBot.run(["schema", "--events"])
        #expect(events.stdout.contains("\"title\": \"inboxbot event\""))
    }

    @Test func helpExplainsTheCommands() async throws {
        let help = try await InboxBot.run(["--help"])
        #expect(help.status == 0)
        for command in ["validate", "schema", "replay"] { #expect(help.stdout.contains(command)) }
    }
}
