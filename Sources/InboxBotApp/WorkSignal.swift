import InboxBotCore

/// Wakes a waiting work loop as soon as there is work for it, instead of letting it find
/// out at its next check. Notifications while nobody waits are kept as one.
public actor WorkSignal {
    /// A notification kept while nobody waits (read by tests).
    private(set) var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>, timeout: LoopTimer)?
    private var waits: UInt64 = 0

    public init() {}

    public func notify() {
        guard let waiter else {
            pending = true
            return
        }
        self.waiter = nil
        waiter.timeout.cancel()
        waiter.continuation.resume()
    }

    /// Returns when notified, after `seconds` at the latest, or when the task is cancelled.
    public func wait(upTo seconds: Double) async {
        if pending {
            pending = false
            return
        }
        waits &+= 1
        let id = waits
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume() }
                waiter = (id, continuation, LoopTimer(seconds: seconds) { Task { await self.endWait(id) } })
            }
        } onCancel: {
            Task { await self.endWait(id) }
        }
        pending = false
    }

    /// Ends wait `id` if it is still the one waiting (its time is up, or its task was cancelled).
    private func endWait(_ id: UInt64) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.timeout.cancel()
        waiter.continuation.resume()
    }
}
