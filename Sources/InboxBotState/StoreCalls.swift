import Synchronization

/// The store's calls under way, so that a call made while the store is quiet runs on the
/// calling thread. An async GRDB call hands its work to a Dispatch queue and back, two threads
/// woken: about 60 µs of CPU on top of a small transaction's 20 µs (docs/performance.md). Only
/// when quiet: a call that would wait for another stays async, so that no thread of the caller
/// blocks behind it, and so do calls that follow others closely, as in a burst, where the
/// hand-off's delay lets the next group commit gather more (with every free call inline, a
/// burst took 1.67 write transactions an event instead of 0.98; with this, 1.10 to 1.19).
final class StoreCalls: Sendable {
    private struct Under {
        var writes = 0
        var reads = 0
        var lastWrite = ContinuousClock.now
        var lastRead = ContinuousClock.now
    }

    private let under = Mutex(Under())
    /// How many reads may run at once without waiting: the pool's readers.
    let readers: Int
    /// How long since the last call of its kind ended makes the store quiet.
    let quiet: Duration

    init(readers: Int, quiet: Duration = .microseconds(200)) {
        self.readers = readers
        self.quiet = quiet
    }

    /// Counts a write in; true if the writer is free and has been for `quiet`.
    func enterWrite(at now: ContinuousClock.Instant = .now) -> Bool {
        under.withLock { under in
            under.writes += 1
            return under.writes == 1 && now - under.lastWrite >= quiet
        }
    }

    func leaveWrite(at now: ContinuousClock.Instant = .now) {
        under.withLock { under in
            under.writes -= 1
            under.lastWrite = now
        }
    }

    /// Counts a read in; true if a reader is free and reads have been quiet for `quiet`.
    func enterRead(at now: ContinuousClock.Instant = .now) -> Bool {
        under.withLock { under in
            under.reads += 1
            return under.reads <= readers && now - under.lastRead >= quiet
        }
    }

    func leaveRead(at now: ContinuousClock.Instant = .now) {
        under.withLock { under in
            under.reads -= 1
            under.lastRead = now
        }
    }
}
