import Foundation
import Testing

/// The benchmarks are commands too: `--help` explains each, and a wrong option or number is
/// refused with its name, never ignored (the evaluator benchmark once ran its defaults on any
/// input) and never a trap (the timer benchmark read past the end of its arguments).
@Suite struct BenchmarkOptionsTests {
    static func benchmark(_ name: String) -> URL {
        InboxBot.binary.deletingLastPathComponent().appendingPathComponent(name)
    }

    @Test(arguments: ["inboxbot-benchmark", "inboxbot-timer-benchmark", "inboxbot-e2e-benchmark"])
    func helpExplainsTheOptions(_ name: String) async throws {
        let help = try await InboxBot.run(Self.benchmark(name), ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("usage: \(name)"), "\(help.stdout)")
    }

    @Test func wrongOptionsAreRefusedByName() async throws {
        let cases: [(String, [String], String)] = [
            ("inboxbot-benchmark", ["--runs", "many"], "--runs takes a whole number from 1 to 100000000, not 'many'"),
            ("inboxbot-benchmark", ["--events", "0"], "--events takes a whole number"),
            ("inboxbot-benchmark", ["--event", "5"], "unknown option '--event'"),
            ("inboxbot-benchmark", ["--write-events"], "--write-events needs a file"),
            ("inboxbot-timer-benchmark", ["--timers"], "--timers needs a number"),
            ("inboxbot-timer-benchmark", ["--timers", "1e99"], "--timers takes a whole number from 1 to 100000000, not '1e99'"),
            ("inboxbot-timer-benchmark", ["--timer", "5"], "unknown option '--timer'"),
        ]
        for (name, arguments, message) in cases {
            let output = try await InboxBot.run(Self.benchmark(name), arguments)
            #expect(output.status == 2, "\(name) \(arguments)")
            #expect(output.stderr.contains("\(name): \(message)"), "\(name) \(arguments): \(output.stderr)")
            #expect(output.stderr.contains("usage: \(name)"))
        }
    }
}
