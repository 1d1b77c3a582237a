import Dispatch
import Synchronization

/// Batches passed from a producer on a thread of its own (`DedicatedThread`), which blocks
/// while `capacity` batches wait, to one consumer task, which suspends while none does: the
/// producer runs ahead of the consumer by up to `capacity` batches, so that neither waits on
/// the other's slowest batch.
final class BatchHandOff<Batch: Sendable>: Sendable {
    private struct State {
        var waiting: [Batch] = []
        var finished = false
        var consumer: CheckedContinuation<Batch?, Never>?
    }

    private let state = Mutex(State())
    private let freeSlots: DispatchSemaphore

    init(capacity: Int) {
        freeSlots = DispatchSemaphore(value: max(1, capacity))
    }

    /// Hands over a batch, first waiting (blocking the thread) for a free slot.
    func put(_ batch: Batch) {
        freeSlots.wait()
        let consumer = state.withLock { state -> CheckedContinuation<Batch?, Never>? in
            guard let consumer = state.consumer else {
                state.waiting.append(batch)
                return nil
            }
            state.consumer = nil
            return consumer
        }
        consumer?.resume(returning: batch)
    }

    /// No more batches: the consumer gets nil once it has taken those waiting.
    func finish() {
        let consumer = state.withLock { state -> CheckedContinuation<Batch?, Never>? in
            state.finished = true
            defer { state.consumer = nil }
            return state.waiting.isEmpty ? state.consumer : nil
        }
        consumer?.resume(returning: nil)
    }

    /// The next batch, in the order put; nil after `finish` and the last batch.
    func take() async -> Batch? {
        let batch = await withCheckedContinuation { (continuation: CheckedContinuation<Batch?, Never>) in
            let ready: Batch?? = state.withLock { state in
                if !state.waiting.isEmpty { return .some(state.waiting.removeFirst()) }
                if state.finished { return .some(nil) }
                state.consumer = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        if batch != nil { freeSlots.signal() }
        return batch
    }
}
