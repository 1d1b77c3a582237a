import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import InboxBotApp

/// A worker whose service failed ends with that failure even when another service does not
/// stop; one that stops in time is left alone.
@Suite struct StopWatchdogTests {
    /// Fails at once, as a server whose port is taken does.
    struct FailingService: Service {
        struct PortTaken: Error, CustomStringConvertible {
            var description: String { "setting 'webhook_listen' (127.0.0.1:1): cannot listen" }
        }

        func run() async throws { throw PortTaken() }
    }

    /// Ignores cancellation until released, as a service caught in a deadlock does.
    final class StubbornService: Service, Sendable {
        private let waiting = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let released = Mutex(false)

        func run() async {
            await withCheckedContinuation { continuation in
                let resumeNow = released.withLock { released in
                    if !released { waiting.withLock { $0 = continuation } }
                    return released
                }
                if resumeNow { continuation.resume() }
            }
        }

        func release() {
            let continuation = released.withLock { released in
                released = true
                return waiting.withLock { $0.take() }
            }
            continuation?.resume()
        }
    }

    final class Expiries: Sendable {
        let seen = Mutex<[String]>([])
        func record(_ failure: String, _: Duration) { seen.withLock { $0.append(failure) } }
    }

    @Test(.timeLimit(.minutes(1))) func aFailureEndsTheWorkerWhenAnotherServiceDoesNotStop() async throws {
        let expiries = Expiries()
        let watchdog = StopWatchdog(grace: .milliseconds(100), expired: expiries.record)
        let stubborn = StubbornService()
        let group = ServiceGroup(services: watchdog.watching([stubborn, FailingService()]), logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        while expiries.seen.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(expiries.seen.withLock { $0 } == ["setting 'webhook_listen' (127.0.0.1:1): cannot listen"])
        stubborn.release()
        await #expect(throws: FailingService.PortTaken.self) { try await running.value }
    }

    @Test(.timeLimit(.minutes(1))) func aWorkerThatStopsInTimeIsLeftAlone() async throws {
        let expiries = Expiries()
        // The grace ends when the test says, not by the clock: a loaded machine may take seconds to stop the group.
        let graceOver = DispatchSemaphore(value: 0)
        let watchdog = StopWatchdog(sleep: { _ in graceOver.wait() }, expired: expiries.record)
        let group = ServiceGroup(services: watchdog.watching([FailingService()]), logger: Logger(label: "test"))
        await #expect(throws: FailingService.PortTaken.self) { try await group.run() }
        watchdog.stopped()
        graceOver.signal()
        try await Task.sleep(for: .milliseconds(500))
        #expect(expiries.seen.withLock { $0 }.isEmpty)
    }
}
