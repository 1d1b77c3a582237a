import Synchronization

/// What this worker has done, for its heartbeat (`inboxbot status` shows it per worker).
final class WorkerTally: Sendable {
    private let counts = Mutex((events: 0, actions: 0))

    var events: Int { counts.withLock { $0.events } }
    var actions: Int { counts.withLock { $0.actions } }

    func processed() { counts.withLock { $0.events &+= 1 } }
    func acted() { counts.withLock { $0.actions &+= 1 } }
}
