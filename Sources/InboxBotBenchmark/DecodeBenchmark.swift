import Foundation
import InboxBotCore

/// `--decode`: the generated events as JSON Lines in memory, split into lines and decoded
/// as `inboxbot replay` reads a file (`JSONLines`, `EventLineDecoder`), on one core: the
/// half of a replay that runs beside its evaluation, counted on its own.
enum DecodeBenchmark {
    static func run(events: [Event], runs: Int) -> Int32 {
        let lines = Event.jsonLines(events)
        print("inboxbot decoding benchmark")
        print(String(format: "  events: %d as JSON Lines, %.1f MB, runs: %d", events.count, Double(lines.count) / 1e6, runs))
        var times = TimedRuns(events: events.count)
        var decoded = 0
        for run in 0...runs {
            let start = ContinuousClock.now
            decoded = lines.withUnsafeBytes { decodeAll($0) }
            times.record(run: run, seconds: (ContinuousClock.now - start).inSeconds)
        }
        guard decoded == events.count else {
            print("  decoded \(decoded) of \(events.count) events: the fast decoder left some to JSONDecoder")
            return 1
        }
        let median = times.median
        print(String(format: "  median: %.3f s, %.0f events/s, %.2f µs/event, %.0f MB/s", median, Double(events.count) / median,
                     1e6 * median / Double(events.count), Double(lines.count) / 1e6 / median))
        return 0
    }

    /// Splits and decodes every line, keeping the events until the end as a replay's batch
    /// does; returns how many decoded. Named, so that callgrind can count it alone.
    @inline(never)
    static func decodeAll(_ bytes: UnsafeRawBufferPointer) -> Int {
        events(in: bytes).count
    }

    /// The events of JSON Lines in memory, by the fast decoder alone (the generated events
    /// are all of the form it reads).
    static func events(in bytes: UnsafeRawBufferPointer) -> [Event] {
        var number = 0
        var events: [Event] = []
        JSONLines.forEachLine(in: bytes, complete: true, from: &number) { _, line in
            if let event = EventLineDecoder.decode(line) { events.append(event) }
        }
        return events
    }
}
