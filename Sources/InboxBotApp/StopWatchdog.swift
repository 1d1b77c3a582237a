import Foundation
import ServiceLifecycle
import Synchronization

/// Makes a worker whose service failed exit with that failure even if stopping the other
/// services hangs. It can: cancelling a Hummingbird server just as it starts can deadlock in
/// its date cache's `merge` (swift-async-algorithms holds a lock across a continuation's
/// creation, apple/swift-async-algorithms#444), which left a worker whose port was taken up,
/// its error unsaid. The watch runs on a thread of its own because such a deadlock holds one
/// of the event loops that tasks run on.
final class StopWatchdog: Sendable {
    /// How long the other services have to stop after one failed.
    let grace: Duration
    /// Called on the watchdog's thread with the failure and the grace when stopping outlasted
    /// it; by default it writes `error: <failure>` to standard error and exits with status 1.
    let expired: @Sendable (String, Duration) -> Void
    /// Blocks the watchdog's thread for the grace (tests hold it instead).
    let sleep: @Sendable (Duration) -> Void
    private let state = Mutex(State())

    private struct State {
        var failure: String?
        var stopped = false
    }

    init(grace: Duration = .seconds(10), sleep: @escaping @Sendable (Duration) -> Void = StopWatchdog.sleep,
                expired: @escaping @Sendable (String, Duration) -> Void = StopWatchdog.exitWithError) {
        self.grace = grace
        self.sleep = sleep
        self.expired = expired
    }

    /// Each service, watched: its failure starts the watch.
    func watching(_ services: [any Service]) -> [any Service] {
        services.map { Watched(service: $0, watchdog: self) }
    }

    /// The services have stopped: no exit.
    func stopped() {
        state.withLock { $0.stopped = true }
    }

    func serviceFailed(_ error: any Error) {
        let first = state.withLock { state in
            guard state.failure == nil, !state.stopped else { return false }
            state.failure = "\(error)"
            return true
        }
        guard first else { return }
        Thread.detachNewThread { [self] in
            sleep(grace)
            let failure = state.withLock { $0.stopped ? nil : $0.failure }
            if let failure { expired(failure, grace) }
        }
    }

    @Sendable static func sleep(_ duration: Duration) {
        Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    @Sendable static func exitWithError(_ failure: String, after grace: Duration) {
        // What is in flight is recovered at the next start, as after a crash.
        FileHandle.standardError.write(Data("error: \(failure)\n(the worker did not stop within \(grace) of it; exited without waiting)\n".utf8))
        exit(1)
    }

    /// A service whose failure the watchdog hears of.
    struct Watched: Service, CustomStringConvertible {
        let service: any Service
        let watchdog: StopWatchdog

        var description: String { "\(service)" }

        func run() async throws {
            do {
                try await service.run()
            } catch {
                watchdog.serviceFailed(error)
                throw error
            }
        }
    }
}
