import Foundation

/// The time, for the parts around the pure core that need to read it. The real one reads
/// the system clock; the manual one is set by tests and simulations.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
