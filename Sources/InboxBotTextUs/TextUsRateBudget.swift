import Foundation

/// What `X-RateLimit-Limit`, `-Remaining` and `-Reset` say of the token's budget (1,000
/// requests per five minutes), and how long to pause so that the limit is never reached:
/// near its end, the requests left are spread over the time left.
struct TextUsRateBudget: Sendable, Hashable {
    var limit: Int?
    var remaining: Int?
    /// When the window starts again (the header is Unix seconds).
    var resetAt: Date?

    /// Reads the headers of an answer; values that are no number, or absurd, are ignored.
    mutating func update(limit limitText: String?, remaining remainingText: String?, reset resetText: String?, now: Date) {
        if let value = limitText.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), value > 0 { limit = value }
        if let value = remainingText.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), value >= 0 { remaining = value }
        if let seconds = resetText.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), seconds.isFinite {
            let reset = Date(timeIntervalSince1970: seconds)
            // A window is minutes long: a reset more than a day away is no window.
            if abs(reset.timeIntervalSince(now)) < 86_400 { resetAt = reset }
        }
    }

    /// Seconds to wait before the next request, at most `maximum`. Nothing while more
    /// than a tenth of the budget (at least 10 requests) is left.
    func pause(now: Date, maximum: Double) -> Double {
        guard let remaining, let resetAt else { return 0 }
        let untilReset = max(0, resetAt.timeIntervalSince(now))
        let reserve = max(10, (limit ?? 1000) / 10)
        guard remaining < reserve else { return 0 }
        let pause = remaining == 0 ? untilReset : untilReset / Double(remaining + 1)
        return min(pause, maximum)
    }
}
