import Foundation

/// How the client keeps to TimelinesAI's rate limit. Two published figures disagree (30
/// requests a second per address, and 50 a minute per workspace), so the stricter is the
/// default and it can be set. A token bucket: `burst` requests at once, then one every
/// `60 / perMinute` seconds.
struct TimelinesAIThrottle: Sendable {
    let perMinute: Double
    let burst: Double
    private var tokens: Double
    private var updatedAt: Date?

    init(perMinute: Double = 50, burst: Double = 5) {
        // Out-of-range settings are held to something that works, never to a trap.
        self.perMinute = perMinute.isFinite ? min(max(perMinute, 1), 6000) : 50
        self.burst = burst.isFinite ? min(max(burst, 1), 1000) : 5
        tokens = self.burst
    }

    /// Takes a token for a request made at `now`; returns how long to wait before making it.
    mutating func take(now: Date) -> Double {
        let rate = perMinute / 60
        if let updatedAt { tokens = min(burst, tokens + max(0, now.timeIntervalSince(updatedAt)) * rate) }
        updatedAt = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
