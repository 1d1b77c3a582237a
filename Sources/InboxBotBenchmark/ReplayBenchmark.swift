import Foundation
import InboxBotCore
import InboxBotYAML

/// `--replay RULES`: the replay's own work (`Replayer`, as `inboxbot replay` runs it: the
/// dry-run view, timers, the ledger, the tallies) over the generated events, on one core and
/// without reading or decoding a file, so that its cost can be counted on its own
/// (callgrind runs this binary; it does not run `inboxbot`).
enum ReplayBenchmark {
    static func run(rulesPath: String, events: [Event], runs: Int) -> Int32 {
        let loaded = RuleLoader.load([rulesPath])
        guard !loaded.diagnostics.hasErrors, let ruleSet = loaded.ruleSet else {
            print("the rules in \(rulesPath) do not load:")
            for diagnostic in loaded.diagnostics.prefix(5) { print("  \(diagnostic)") }
            return 1
        }
        // Decoded again for every run, untimed: each event is then held by the replay alone,
        // as it is when `inboxbot replay` reads a file.
        let lines = Event.jsonLines(events)
        print("inboxbot replay benchmark")
        print("  rules: \(ruleSet.ruleCount) from \(rulesPath), events: \(events.count), runs: \(runs)")
        var times = TimedRuns(events: events.count)
        var report: Replayer.Report?
        for run in 0...runs {
            var decoded = lines.withUnsafeBytes { DecodeBenchmark.events(in: $0) }
            // Numbered as `inboxbot replay`'s reading core numbers them, as it decodes.
            var numbering = ConversationNumbers()
            let numbers = decoded.map { numbering.number(of: $0.conversation.id) }
            // What the replay lets go of is taken from it now and then, as `inboxbot replay`
            // takes it to free on its reading core: freed here, outside `replay`, it is
            // timed but not counted as the replaying core's (callgrind counts `replay`).
            var replayer = Replayer(ruleSet: ruleSet, returnsResults: false, retires: true)
            let start = ContinuousClock.now
            for index in decoded.indices {
                _ = replayer.replay(&decoded[index], numbered: numbers[index])
                if index % 1_000 == 999 { _ = replayer.takeRetired() }
            }
            if let end = decoded.last?.time { _ = replayer.fireTimers(through: end) }
            times.record(run: run, seconds: (ContinuousClock.now - start).inSeconds)
            report = replayer.report
        }
        let median = times.median
        if let report { print("  per run: \(report.matches) matches, \(report.actions) actions, \(report.suppressed) suppressed, \(report.timersFired) timers fired") }
        print(String(format: "  median: %.3f s, %.0f events/s, %.2f µs/event", median, Double(events.count) / median, 1e6 * median / Double(events.count)))
        return 0
    }
}
