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

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int, for error: HatifError, random: Double) -> Double? {
        guard attempt < maxAttempts, error.isTransient else { return nil }
        if case .rateLimited(let retryAfter?) = error {
            return retryAfter <= maxRetryAfter ? retryAfter : nil
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        return ceiling * random
    }
}
