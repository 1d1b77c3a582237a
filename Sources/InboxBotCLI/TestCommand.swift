import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotYAML

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule tests (*.test.yaml): events on a virtual clock, and the actions the rules should take.",
        discussion: """
            Takes test files or directories (every *.test.yaml and *.test.yml below them). Each
            test names a conversation, what happens in it ('at: +5m, inbound: "I want a refund"'),
            and the actions expected ('expect:') or 'expect_no_actions: true'. Prints PASS or
            FAIL per test; a failure shows the difference ('-' expected but not taken, '+' taken
            but not expected) and what each rule involved made of each event involved.
            Exits 0 when every test passes, else 1. See docs/authoring.md.
            """.reflowed
    )

    @Argument(help: "Test files or directories.", completion: .file())
    var paths: [String]

    @Option(help: "Also write the results as JUnit XML, for CI systems.", completion: .file())
    var junit: String?

    @Flag(name: .shortAndLong, help: "Show the actions taken by passing tests too.")
    var verbose = false

    func run() throws {
        let (outcomes, diagnostics) = RuleTestSuite.run(paths)
        for diagnostic in diagnostics { print(diagnostic) }
        var passed = 0, failed = 0, badFiles = 0
        for outcome in outcomes {
            for diagnostic in outcome.diagnostics { print(diagnostic) }
            if outcome.diagnostics.hasErrors { badFiles += 1 }
            for result in outcome.results {
                let place = result.location.map { " (\($0.file):\($0.line))" } ?? ""
                if result.passed {
                    passed += 1
                    print("PASS \(result.name)\(place)")
                    if verbose { result.taken.forEach { print("       \($0.line)") } }
                    continue
                }
                failed += 1
                print("FAIL \(result.name)\(place)")
                print("  expected (-) and taken (+):")
                result.diff.forEach { print("    \($0)") }
                let matching = result.taken.filter { !result.unexpected.contains($0) }
                if !matching.isEmpty {
                    print("  taken as expected:")
                    matching.forEach { print("      \($0.line)") }
                }
                if !result.explanation.isEmpty {
                    print("  why:")
                    result.explanation.forEach { print("    \($0)") }
                }
            }
        }
        let files = outcomes.count
        let broken = badFiles == 0 ? "" : "; \(badFiles) test file\(badFiles == 1 ? " has" : "s have") errors"
        print("\(passed + failed) test\(passed + failed == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"): \(passed) passed, \(failed) failed\(broken)")
        if let junit {
            do {
                try JUnitReport.xml(outcomes).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                printError("error: cannot write \(junit): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if failed > 0 || badFiles > 0 || diagnostics.hasErrors { throw ExitCode(1) }
    }
}
