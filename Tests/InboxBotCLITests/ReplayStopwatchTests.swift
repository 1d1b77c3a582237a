import Testing

@testable import InboxBotCLI

/// The replay's stopwatch, which `elapsed_seconds` (evaluation time) adds up.
struct ReplayStopwatchTests {
    /// It counts seconds from when it was made, upward: a sleep of 20 ms reads as at least
    /// 15 ms and no more than `ContinuousClock` saw pass around both reads (nanoseconds
    /// taken for seconds would read 20,000,000). No fixed upper bound: a loaded machine may
    /// stall for many seconds between the reads.
    @Test func itCountsSecondsSinceItWasMade() async throws {
        let clock = ContinuousClock(), before = clock.now
        let stopwatch = ReplayCommand.stopwatch()
        let first = stopwatch()
        try await Task.sleep(for: .milliseconds(20))
        let second = stopwatch()
        let around = before.duration(to: clock.now)
        let aroundSeconds = Double(around.components.seconds) + Double(around.components.attoseconds) / 1e18
        #expect(first >= 0)
        #expect(second - first >= 0.015, "\(first) then \(second)")
        #expect(second - first <= aroundSeconds + 0.001, "\(first) then \(second), \(aroundSeconds) s around them")
    }
}
