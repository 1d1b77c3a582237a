import Foundation

/// A benchmark's runs over the same events: the first a warm-up, the others timed, each
/// printed as it ends.
struct TimedRuns {
    let events: Int
    private(set) var seconds: [Double] = []

    /// Prints run `run` (0: the warm-up) and keeps its time unless it is the warm-up.
    mutating func record(run: Int, seconds elapsed: Double) {
        guard run > 0 else { return print(String(format: "  warm-up: %.3f s", elapsed)) }
        seconds.append(elapsed)
        print(String(format: "  run %d: %.3f s, %.0f events/s, %.2f µs/event", run, elapsed, Double(events) / elapsed, 1e6 * elapsed / Double(events)))
    }

    /// The median run's time, and the fastest's and slowest's.
    var median: Double { seconds.sorted()[seconds.count / 2] }
    var fastest: Double { seconds.min() ?? 0 }
    var slowest: Double { seconds.max() ?? 0 }
}
