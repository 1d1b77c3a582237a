/// How often and how long to retry a request that is safe to repeat: exponential backoff
/// with full jitter, within a bound on attempts.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest Retry-After to wait out before giving up on a request.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, maxRetryAfter: Double = 60) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1), after a failure
    /// that is `transient` or not, with the platform's `retryAfter` when it said one; nil
    /// when the request must not be tried again.
    public func delay(after attempt: Int, transient: Bool, retryAfter: Double?, random: Double) -> Double? {
        guard attempt < maxAttempts, transient else { return nil }
        if let retryAfter {
            return retryAfter <= maxRetryAfter ? retryAfter : nil
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        return ceiling * random
    }
}
