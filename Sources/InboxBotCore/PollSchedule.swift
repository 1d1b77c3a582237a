/// When to poll next: every `interval` while there is traffic or more to read, backing off
/// by `backoff` per quiet poll up to `maximumInterval`, and back to `interval` as soon as
/// events come.
public struct PollSchedule: Sendable, Hashable {
    public var interval: Double
    public var backoff: Double
    public var maximumInterval: Double
    public private(set) var current: Double

    public init(interval: Double = 5, backoff: Double = 1.5, maximumInterval: Double = 60) {
        self.interval = max(0.05, interval)
        self.backoff = max(1, backoff)
        self.maximumInterval = max(self.interval, maximumInterval)
        current = self.interval
    }

    /// The wait before the next poll, after a poll that found `eventCount` events and
    /// stopped with `moreToRead` or not: a round over a long list is not a quiet account.
    public mutating func next(afterFinding eventCount: Int, moreToRead: Bool = false) -> Double {
        current = eventCount > 0 || moreToRead ? interval : min(maximumInterval, current * backoff)
        return current
    }

    /// The wait after a failed poll: as long as after a quiet one.
    public mutating func nextAfterFailure() -> Double {
        next(afterFinding: 0)
    }
}
