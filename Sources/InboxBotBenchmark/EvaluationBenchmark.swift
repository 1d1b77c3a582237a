import Foundation
import InboxBotCore

/// The default mode: every event evaluated against the compiled rules, in order, each
/// decision recorded in the firing ledger as the pipeline and the replay record it.
enum EvaluationBenchmark {
    /// Prints each run, the matches and the median against the bar (it cannot fail, unlike
    /// the decoding and replay modes, which read files).
    static func run(_ compiled: CompiledRuleSet, events: [Event], optOuts: [String: OptOut], runs: Int) {
        var times = TimedRuns(events: events.count)
        var matches = 0
        // One room for every evaluation, as a replay and the worker's pipeline keep one.
        var scratch = EvaluationScratch()
        for run in 0...runs {
            let start = ContinuousClock.now
            matches = evaluateAll(compiled, events: events, optOuts: optOuts, scratch: &scratch)
            times.record(run: run, seconds: (ContinuousClock.now - start).inSeconds)
        }
        let median = Double(events.count) / times.median
        print("  matches per run: \(matches) (\(String(format: "%.2f", Double(matches) / Double(events.count))) per event)")
        print(String(format: "  median: %.0f events/s, %.2f µs/event (best %.0f, worst %.0f)", median, 1e6 / median,
                     Double(events.count) / times.fastest, Double(events.count) / times.slowest))
        print(1e6 / median <= 2.5 ? "  bar of 2.5 µs/event: met" : "  bar of 2.5 µs/event: NOT met")
    }

    /// One run: returns how many decisions it made. A function of its own, not top-level code: the
    /// top level's variables are globals, each access checked for exclusivity, and a value
    /// read from one is copied before every call.
    @inline(never)
    static func evaluateAll(_ compiled: CompiledRuleSet, events: [Event], optOuts: [String: OptOut], scratch: inout EvaluationScratch) -> Int {
        var ledger = FiringLedger(firings: [:], optOuts: optOuts)
        var matches = 0
        for event in events {
            let evaluation = compiled.evaluate(event, at: event.time, history: ledger, scratch: &scratch)
            ledger.record(evaluation, at: event.time)
            matches += evaluation.decisions.count
        }
        return matches
    }
}
