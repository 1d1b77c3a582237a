import Foundation
import Testing
@testable import InboxBotApp

/// `WorkSignal.wait(upTo:)` ends on a notification, at its timeout (a timer on NIO's loops, not
/// `Task.sleep`), or when its task is cancelled; a notification while nobody waits is kept.
@Suite struct WorkSignalTests {
    @Test func aNotificationBeforeTheWaitIsKept() async {
        let signal = WorkSignal()
        await signal.notify()
        let start = ContinuousClock.now
        await signal.wait(upTo: 600)
        // Returned on the kept notification, not at the limit: far apart, so that a loaded machine cannot blur them.
        #expect(ContinuousClock.now - start < .seconds(300))
    }

    @Test func aWaiterIsWokenByANotification() async {
        let signal = WorkSignal()
        let start = ContinuousClock.now
        async let waited: Void = signal.wait(upTo: 600)
        try? await Task.sleep(for: .milliseconds(50))
        await signal.notify()
        await waited
        #expect(ContinuousClock.now - start < .seconds(300))
    }

    @Test func withoutANotificationTheWaitEndsAtItsLimit() async {
        let signal = WorkSignal()
        let start = ContinuousClock.now
        await signal.wait(upTo: 0.1)
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test(.timeLimit(.minutes(1))) func aWaitEndsWhenItsTaskIsCancelled() async {
        let signal = WorkSignal()
        let started = ContinuousClock.now
        let waiting = Task { await signal.wait(upTo: 30) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await waiting.value
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test(.timeLimit(.minutes(1))) func aNotificationWhileNobodyWaitsIsKeptAsOne() async {
        let signal = WorkSignal()
        await signal.notify()
        await signal.notify()
        let started = ContinuousClock.now
        await signal.wait(upTo: 30)
        #expect(ContinuousClock.now - started < .seconds(20), "the kept notification")
        await signal.wait(upTo: 0.1)
        #expect(ContinuousClock.now - started >= .milliseconds(100), "kept as one: the second wait runs to its timeout")
    }

    /// A timed-out wait's timer must not end a later wait early.
    @Test(.timeLimit(.minutes(1))) func anEndedWaitsTimerLeavesTheNextWaitAlone() async throws {
        let signal = WorkSignal()
        async let first: Void = signal.wait(upTo: 0.2)
        try await Task.sleep(for: .milliseconds(20))
        await signal.notify()
        await first
        let started = ContinuousClock.now
        await signal.wait(upTo: 1)
        #expect(ContinuousClock.now - started >= .milliseconds(900), "not ended by the first wait's timer at 0.2 s")
    }
}
