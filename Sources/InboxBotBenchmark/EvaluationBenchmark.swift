import Foundation
import InboxBotCore

/// The default mode: every event evaluated against the compiled rules, in order, each
/// decision recorded in the firing ledger as the pipeline and the replay record it.
enum EvaluationBenchmark {
    static func run(_ compiled: CompiledRuleSet, events: [Event], optOuts: [String: OptOut], runs: Int) -> TimedRuns {
        var times = TimedRuns(events: events.count)
        var matches = 0
        // One room for every evaluation, as a replay and the worker's pipeline keep one.
        var scratch = EvaluationScratch()
        for run in 0...runs {
            let start = ContinuousClock.now
            let runMatches = evaluateAll(compiled, events: events, optOuts: optOuts, scratch: &scratch)
            times.record(run: run, seconds: (ContinuousClock.now - start).inSeconds)
            matches = runMatches
        }
        times.matches = matches
        return times
    }

    /// One run: returns the decisions made. A function of its own, not top-level code: the
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
