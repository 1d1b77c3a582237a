import InboxBotCore

/// Wakes a waiting work loop as soon as there is work for it, instead of letting it find
/// out at its next check. Notifications while nobody waits are kept as one.
public actor WorkSignal {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    public func notify() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Returns when notified, or after `seconds` at the latest.
    public func wait(upTo seconds: Double) async {
        if pending {
            pending = false
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend() }
            group.addTask {
                try? await Task.sleep(for: .clampedSeconds(seconds))
                await self.notify()
            }
            await group.next()
            group.cancelAll()
        }
        pending = false
    }

    private func suspend() async {
        if pending {
            pending = false
            return
        }
        await withCheckedContinuation { waiter = $0 }
    }
}
