import Testing

@testable import InboxBotCLI

/// The replay's stopwatch, which `elapsed_seconds` (evaluation time) adds up.
struct ReplayStopwatchTests {
    /// It counts seconds from when it was made, upward: a sleep of 20 ms reads as at least
    /// 15 ms and, however loaded the machine, less than 10 s (nanoseconds taken for seconds
    /// would read 20,000,000).
    @Test func itCountsSecondsSinceItWasMade() async throws {
        let stopwatch = ReplayCommand.stopwatch()
        let first = stopwatch()
        try await Task.sleep(for: .milliseconds(20))
        let second = stopwatch()
        #expect(first >= 0)
        #expect(second - first >= 0.015, "\(first) then \(second)")
        #expect(second - first < 10, "\(first) then \(second)")
    }
}
