import Foundation
@testable import InboxBotCLI
import Synchronization
import Testing

/// The hand-over of what a replay is done with to the reading core, which frees it.
@Suite struct SpentLinesTests {
    final class Counter: Sendable {
        let freed = Mutex(0)
    }

    /// Counts its own freeing.
    final class Token: Sendable {
        let counter: Counter
        init(_ counter: Counter) { self.counter = counter }
        deinit { counter.freed.withLock { $0 += 1 } }
    }

    /// While the reading core holds the lock, the replaying core does not wait: what it hands
    /// stays with it and goes with the next hand-over; nothing is freed until the reading
    /// core frees it, and then all of it.
    @Test func aBusyLockKeepsWhatIsHandedForTheNextHandOver() {
        let spent = EventLines.Spent(), counter = Counter()
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        // Another thread holds the lock, at most two seconds (a hand-over that waited for it would then get it).
        Thread {
            spent.pending.withLock { _ in
                locked.signal()
                _ = release.wait(timeout: .now() + 2)
            }
            done.signal()
        }.start()
        locked.wait()
        var unhanded: [any Sendable] = [], lines: [EventLines.Line] = [(1, .failure(EventLines.BadLine(reason: "x")), nil)]
        spent.hand(&lines, with: Token(counter), keepingWhileBusy: &unhanded)
        #expect(lines.isEmpty, "the lines are taken")
        #expect(unhanded.count == 2, "kept: the lines and what was retired")
        release.signal()
        done.wait()

        spent.hand(&lines, with: Token(counter), keepingWhileBusy: &unhanded)
        #expect(unhanded.isEmpty, "handed over with the earlier ones")
        #expect(counter.freed.withLock { $0 } == 0, "nothing freed before the reading core frees it")
        spent.free()
        #expect(counter.freed.withLock { $0 } == 2)
    }
}
