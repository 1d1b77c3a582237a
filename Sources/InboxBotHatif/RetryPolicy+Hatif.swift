import InboxBotCore

extension RetryPolicy {
    /// The wait before trying a Voxa API request again after `error`; nil to give up.
    func delay(after attempt: Int, for error: HatifError, random: Double) -> Double? {
        var retryAfter: Double?
        if case .rateLimited(let after) = error { retryAfter = after }
        return delay(after: attempt, transient: error.isTransient, retryAfter: retryAfter, random: random)
    }
}
