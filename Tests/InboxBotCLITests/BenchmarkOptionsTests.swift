import Foundation
import Testing

/// The benchmarks are commands too: `--help` explains each, and a wrong option or number is
/// refused with the reason, never ignored (the evaluator and end-to-end benchmarks once ran
/// their defaults on any input) and never a trap (the timer benchmark read past the end of
/// its arguments).
@Suite struct BenchmarkOptionsTests {
    static func benchmark(_ name: String) -> URL {
        InboxBot.binary.deletingLastPathComponent().appendingPathComponent(name)
    }

    @Test(arguments: ["inboxbot-benchmark", "inboxbot-timer-benchmark", "inboxbot-e2e-benchmark"])
    func helpExplainsTheOptions(_ name: String) async throws {
        let help = try await InboxBot.run(Self.benchmark(name), ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.lowercased().contains("usage: \(name)"), "\(help.stdout)")
    }

    @Test func wrongOptionsAreRefusedWithTheReason() async throws {
        let cases: [(String, [String], String)] = [
            ("inboxbot-benchmark", ["--runs", "many"], "The value 'many' is invalid for '--runs <runs>'"),
            ("inboxbot-benchmark", ["--events", "0"], "--events takes a whole number from 1 to 100000000, not 0"),
            ("inboxbot-benchmark", ["--event", "5"], "Unknown option '--event'"),
            ("inboxbot-benchmark", ["--write-events"], "Missing value for '--write-events <file>'"),
            ("inboxbot-timer-benchmark", ["--timers"], "Missing value for '--timers <timers>'"),
            ("inboxbot-timer-benchmark", ["--timers", "1e99"], "The value '1e99' is invalid for '--timers <timers>'"),
            ("inboxbot-timer-benchmark", ["--timers", "0"], "--timers takes a whole number from 1 to 100000000, not 0"),
            // A typo ran the default workload and printed its figures as if they were asked for.
            ("inboxbot-e2e-benchmark", ["--acting1"], "Unknown option '--acting1'"),
            ("inboxbot-e2e-benchmark", ["--acting", "every"], "--acting takes a number from 0 to 1e9, not every"),
            ("inboxbot-e2e-benchmark", ["--rate", "500", "--burst"], "Missing value for '--burst'"),
        ]
        for (name, arguments, message) in cases + [("inboxbot-benchmark", ["--replay"], "Missing value for '--replay <rules>'")] {
            let output = try await InboxBot.run(Self.benchmark(name), arguments)
            #expect(output.status == 64, "\(name) \(arguments)")
            #expect(output.stderr.contains("Error: \(message)"), "\(name) \(arguments): \(output.stderr)")
            #expect(output.stderr.contains("Usage: \(name)"))
        }
    }

    /// `--replay RULES` times a replay's own work with those rules, and says why when they
    /// do not load.
    @Test func theReplayBenchmarkRunsTheRulesItIsGiven() async throws {
        let rules = InboxBot.repository.appendingPathComponent("rules").path
        let run = try await InboxBot.run(Self.benchmark("inboxbot-benchmark"), ["--replay", rules, "--events", "2000", "--runs", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("inboxbot replay benchmark"))
        #expect(run.stdout.contains("timers fired"), "\(run.stdout)")
        let missing = try await InboxBot.run(Self.benchmark("inboxbot-benchmark"), ["--replay", "/nonexistent/rules", "--events", "10"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("the rules in /nonexistent/rules do not load"), "\(missing.stdout)")
    }
}
