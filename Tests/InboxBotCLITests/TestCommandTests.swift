import Foundation
import Testing

@Suite struct TestCommandTests {
    @Test func theExampleRulesPassTheirTests() async throws {
        let output = try await InboxBot.run(["test", "rules/"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("PASS An unassigned VIP goes to Sara, and no other rule runs (rules/10-routing.test.yaml:5)"))
        #expect(!output.stdout.contains("FAIL"))
        #expect(output.stdout.hasSuffix("30 tests in 6 files: 30 passed, 0 failed\n"))
    }

    /// The recipes pass their tests, and each runs on the platforms its README names and is
    /// refused, with the reason, on the others.
    @Test func theRecipesPassTheirTestsAndSayWhereTheyRun() async throws {
        let output = try await InboxBot.run(["test", "examples/recipes"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.hasSuffix("8 tests in 3 files: 8 passed, 0 failed\n"), "\(output.stdout)")
        let runsOn = ["auto-close": ["textus", "timelinesai"], "escalate": ["hatif", "timelinesai"], "survey": ["hatif", "hilos"]]
        for (recipe, platforms) in runsOn {
            for platform in ["hatif", "textus", "timelinesai", "hilos"] {
                let validated = try await InboxBot.run(["validate", "--platform", platform, "examples/recipes/\(recipe)"])
                #expect((validated.status == 0) == platforms.contains(platform), "\(recipe) on \(platform): \(validated.stdout)\(validated.stderr)")
            }
        }
    }

    /// A copy of the example rules and their tests, with one rule changed.
    func brokenCopy(_ replace: String, with replacement: String, in file: String) throws -> URL {
        let source = InboxBot.repository.appendingPathComponent("rules")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if name == file {
                #expect(text.contains(replace))
                text = text.replacingOccurrences(of: replace, with: replacement)
            }
            files[name] = text
        }
        return try InboxBot.directory(files)
    }

    @Test func aBrokenRuleFailsWithAReadableDiffAndWhy() async throws {
        let directory = try brokenCopy("      - assign: sara@acme.sa", with: "      - assign: omar@acme.sa", in: "10-routing.yaml")
        let junit = directory.appendingPathComponent("results.xml").path
        let output = try await InboxBot.run(["test", directory.path, "--junit", junit])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let failure = try #require(lines.firstIndex { $0.hasPrefix("FAIL An unassigned VIP goes to Sara") })
        #expect(Array(lines[(failure + 1)...(failure + 3)]) == [
            "  expected (-) and taken (+):",
            "    - +0s vip-routing: assign to sara@acme.sa; tag routed",
            "    + +0s vip-routing: assign to omar@acme.sa; tag routed",
        ])
        #expect(lines.contains("            ✓ tags include any of vip, gold  (saw [vip])"), "the explanation shows each condition and what it saw")
        #expect(output.stdout.hasSuffix("30 tests in 6 files: 29 passed, 1 failed\n"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuites name=\"inboxbot\" tests=\"30\" failures=\"1\">"))
        #expect(xml.contains("<failure message=\"- +0s vip-routing: assign to sara@acme.sa; tag routed\">"))
    }

    @Test func aRuleThatStopsFiringShowsWhichConditionFailed() async throws {
        let directory = try brokenCopy("unread: { at_least: 3 }", with: "unread: { at_least: 5 }", in: "20-keywords.yaml")
        let output = try await InboxBot.run(["test", directory.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("    - +2h3m complaint-escalation: tag escalated; send text \"Test, we are sorry for the wait. A supervisor will reply shortly.\""))
        #expect(output.stdout.contains("      ○ complaint-escalation: conditions not met"))
        #expect(output.stdout.contains("            ✗ unread at least 5  (saw 3)"))
    }

    @Test func aBadTestFileGetsPositionsAndHints() async throws {
        let directory = try InboxBot.directory([
            "rules.yaml": "rules:\n  - id: a\n    on: message.received\n    then: [ { tag: a } ]\n",
            "a.test.yaml": """
                tests:
                  - name: typo
                    start: 2026-03-17 10:00
                    evnts:
                      - inbound: hi
                    expect_no_actions: true
                  - name: bad time
                    start: 2026-03-17 10:00
                    events:
                      - at: in five minutes
                        inbound: hi
                    expect_no_actions: true
                  - name: no expectation
                    start: 2026-03-17 10:00
                    events:
                      - inbound: hi

                """,
        ])
        let output = try await InboxBot.run(["test", directory.path])
        #expect(output.status == 1)
        #expect(output.stdout.hasSuffix("0 tests in 1 file: 0 passed, 0 failed; 1 test file has errors\n"))
        let file = directory.appendingPathComponent("a.test.yaml").path
        #expect(output.stdout.contains("\(file):4:5: error: unknown key 'evnts' in a test; did you mean 'events'?"))
        #expect(output.stdout.contains("\(file):10:13: error: 'at' must be a time after the start, such as +0m, +5m or +1h30m, not 'in five minutes'"))
        #expect(output.stdout.contains("\(file):13:11: error: test 'no expectation' needs 'expect' (the actions the rules should take) or 'expect_no_actions: true'"))
        // validate checks the test files too, with the same positions, and fails on them.
        let validated = try await InboxBot.run(["validate", directory.path])
        #expect(validated.status == 1)
        #expect(validated.stdout.contains("\(file):4:5: error: unknown key 'evnts' in a test; did you mean 'events'?"), "\(validated.stdout)")
        #expect(validated.stdout.hasSuffix("failed: 1 file and 1 test file, 3 errors, 0 warnings\n"), "\(validated.stdout)")
    }

    /// Rules that do not load are reported once, not once per test file that tests them.
    @Test func brokenRulesAreReportedOnceForAllTheirTestFiles() async throws {
        let directory = try brokenCopy("on: message.received", with: "on: message.recieved", in: "10-routing.yaml")
        let output = try await InboxBot.run(["test", directory.path])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("unknown event type 'message.recieved'") }.count == 1, "\(output.stdout)")
        #expect(lines.filter { $0.hasSuffix("do not load; their errors are above") }.count >= 1, "\(output.stdout)")
    }

    @Test func noTestFilesIsAnError() async throws {
        let directory = try InboxBot.directory(["rules.yaml": "rules:\n  - id: a\n    on: message.received\n    then: [ { tag: a } ]\n"])
        let output = try await InboxBot.run(["test", directory.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("error: no test files (*.test.yaml) found"))
    }
}
