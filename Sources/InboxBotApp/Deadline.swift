import Synchronization

/// Bounds how long the worker waits on something that may hang, such as a state database out
/// of reach (its connection pool retries for a minute, and a query on a connection the server
/// killed may never answer): the caller gets `Exceeded` at the deadline, and the work is
/// cancelled. The caller does not wait for the work to end: work that ignores cancellation
/// (a stuck PostgreSQL query) would otherwise hold it, and with it a webhook's answer and the
/// worker's shutdown, for ever.
enum Deadline {
    struct Exceeded: Error, CustomStringConvertible {
        let seconds: Double
        var description: String { "no answer within \(seconds)s" }
    }

    /// Whoever finishes first resumes the caller; the other finds it done.
    private final class Race<T: Sendable>: Sendable {
        let continuation: Mutex<CheckedContinuation<T, any Error>?>
        /// The work and the timer, each cancelled when the other wins.
        let work = Mutex<Task<Void, Never>?>(nil)
        let timer = Mutex<Task<Void, Never>?>(nil)

        init(_ continuation: CheckedContinuation<T, any Error>) {
            self.continuation = Mutex(continuation)
        }

        /// True when this call resumed the caller.
        @discardableResult
        func resume(with result: Result<T, any Error>) -> Bool {
            guard let continuation = continuation.withLock({ taken in defer { taken = nil }; return taken }) else { return false }
            continuation.resume(with: result)
            return true
        }
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let cancelled = Mutex<(@Sendable () -> Void)?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let race = Race(continuation)
                // Unstructured on purpose: the caller must be able to leave work that ignores cancellation behind.
                race.timer.withLock { timer in
                    timer = Task {
                        try? await Task.sleep(for: .clampedSeconds(seconds))
                        if race.resume(with: .failure(Exceeded(seconds: seconds))) { race.work.withLock { $0?.cancel() } }
                    }
                }
                race.work.withLock { task in
                    task = Task {
                        let result: Result<T, any Error>
                        do { result = .success(try await work()) } catch { result = .failure(error) }
                        if race.resume(with: result) { race.timer.withLock { $0?.cancel() } }
                    }
                }
                cancelled.withLock { $0 = { race.work.withLock { $0?.cancel() } } }
            }
        } onCancel: {
            cancelled.withLock { $0 }?()
        }
    }
}
