import Foundation
import InboxBotCore

/// A clock that runs faster than real time from a chosen start, so that the demo can show
/// waits of hours in seconds. The fake Hatif and the worker share it.
public final class AcceleratedWallClock: WallClock, Sendable {
    let start: Date
    let startedAt: ContinuousClock.Instant
    /// Simulated seconds per real second.
    public let speed: Double

    public init(start: Date, speed: Double) {
        self.start = start
        self.speed = speed
        startedAt = .now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - startedAt
        let seconds = elapsed.inSeconds
        return start.addingTimeInterval(seconds * speed)
    }
}
