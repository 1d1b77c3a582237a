import InboxBotCore
import Logging

/// What the shared retry loop and the action outcomes need to know of a connector's errors.
public protocol RetryableFailure: PlatformFailure {
    /// Trying again could succeed (5xx, a timeout, a broken connection, a rate limit).
    var isTransient: Bool { get }
    /// A rate limit: the request was certainly not carried out.
    var isRateLimited: Bool { get }
    /// The wait the platform asked for (Retry-After), if it said one.
    var retryAfter: Double? { get }
    /// A write that failed so may have been carried out all the same.
    var leavesOutcomeUnknown: Bool { get }
}

/// Whether a request may be sent again after a failure that leaves its effect unknown.
public enum Repeatability: Sendable {
    /// Reads and writes whose repeat has the effect of one (assignments, tags).
    case safe
    /// Sends: repeated only when they certainly did not run (a rate limit).
    case once
}

extension RetryPolicy {
    /// Runs `attempt` until it succeeds, or fails in a way that must not be retried, waiting
    /// between attempts with backoff and jitter, or for the platform's Retry-After. A task
    /// being cancelled (the worker shutting down) gives up at once.
    public func run<T, Failure: RetryableFailure>(
        _ repeatability: Repeatability, logger: Logger, what: @autoclosure () -> String,
        isolation: isolated (any Actor)? = #isolation, _ attempt: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        var number = 1
        while true {
            do {
                return try await attempt()
            } catch {
                let mayRetry = repeatability == .safe || error.isRateLimited
                guard mayRetry, !Task.isCancelled,
                      let wait = delay(after: number, transient: error.isTransient, retryAfter: error.retryAfter, random: Double.random(in: 0...1))
                else { throw error }
                logger.info("retrying after a transient error", metadata: ["request": "\(what())", "attempt": "\(number)", "error": "\(error)"])
                number += 1
                try? await Task.sleep(for: .clampedSeconds(wait))
            }
        }
    }
}

extension ActionOutcome {
    /// What a failed action comes to: a send that may have gone out is unknown, to be settled
    /// from the platform and never repeated blindly; anything else failed.
    public static func of(_ error: some RetryableFailure, for action: RenderedAction) -> ActionOutcome {
        guard !action.isRepeatable, error.leavesOutcomeUnknown else { return .failed(reason: "\(error)") }
        return .unknown(reason: "\(error); it may have been carried out, so it must be checked on the platform, not repeated")
    }
}
