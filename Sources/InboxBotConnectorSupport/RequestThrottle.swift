import Foundation

/// How a client keeps to a platform's rate limit, published or not: a token bucket, `burst`
/// requests at once, then one every `60 / perMinute` seconds. (TimelinesAI: the stricter of its
/// two published figures, 50 a minute; Hilos publishes none, so a modest pace is kept anyway.)
public struct RequestThrottle: Sendable {
    public let perMinute: Double
    public let burst: Double
    private var tokens: Double
    private var updatedAt: Date?

    public init(perMinute: Double, burst: Double) {
        // Out-of-range settings are held to something that works, never to a trap.
        self.perMinute = perMinute.isFinite ? min(max(perMinute, 1), 6000) : 50
        self.burst = burst.isFinite ? min(max(burst, 1), 1000) : 5
        tokens = self.burst
    }

    /// Takes a token for a request made at `now`; returns how long to wait before making it.
    public mutating func take(now: Date) -> Double {
        let rate = perMinute / 60
        if let updatedAt { tokens = min(burst, tokens + max(0, now.timeIntervalSince(updatedAt)) * rate) }
        updatedAt = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
