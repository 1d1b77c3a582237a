import Synchronization

/// The executor's actions in hand between its reads of the outbox: each conversation's carried
/// out in order, at most `limit` conversations at once. Each read adds what came due; slots take
/// a waiting conversation whose actions none is carrying out, carry them out one by one, and take
/// the next. So a slow send holds up its own conversation and no other, where a pass that waited
/// for all its actions held every conversation behind its slowest send.
public final class ActionLanes: Sendable {
    struct State {
        /// Actions taken and not yet carried out, by conversation, in order.
        var queues: [String: [Executor.DueAction]] = [:]
        /// Conversations with actions waiting and no slot on them, first come first served.
        var waiting: [String] = []
        /// Conversations a slot is on.
        var running: Set<String> = []
        var slots = 0
        /// Every action taken and not yet finished, queued or being carried out.
        var held: Set<String> = []
        var stopping = false
    }

    public let limit: Int
    /// Above this many actions in hand, the executor reads no more until some are done.
    public let capacity: Int
    private let state = Mutex(State())

    public init(limit: Int, capacity: Int) {
        self.limit = max(1, limit)
        self.capacity = max(1, capacity)
    }

    /// The keys of every action in hand, for the next read to leave out.
    public var held: Set<String> { state.withLock { $0.held } }

    /// Whether the executor may take more.
    public var hasRoom: Bool { state.withLock { $0.held.count < capacity } }

    /// Takes due actions (any already in hand are left out); returns how many slots to start.
    public func add(_ actions: [Executor.DueAction]) -> Int {
        state.withLock { state in
            for action in actions where state.held.insert(action.key).inserted {
                let conversation = action.conversationID
                if state.queues[conversation, default: []].isEmpty, !state.running.contains(conversation) { state.waiting.append(conversation) }
                state.queues[conversation, default: []].append(action)
            }
            let starting = max(0, min(limit - state.slots, state.waiting.count))
            state.slots += starting
            return starting
        }
    }

    /// One slot: takes a waiting conversation, gives its actions to `carryOut` one after
    /// another, then takes the next conversation, until none waits. `whenRoom` is told when an
    /// action done with makes room in lanes that were full. If `carryOut` throws, the slot
    /// ends with the error and the lanes are not to be used again.
    public func slot(_ carryOut: (Executor.DueAction) async throws -> Void, whenRoom: () async -> Void = {}) async rethrows {
        while let conversation = claim() {
            while let due = next(in: conversation) {
                try await carryOut(due)
                if finished(due.key) { await whenRoom() }
            }
        }
    }

    /// A waiting conversation for a slot, or nil when none waits: the slot ends.
    func claim() -> String? {
        state.withLock { state in
            guard !state.stopping, !state.waiting.isEmpty else {
                state.slots -= 1
                return nil
            }
            let conversation = state.waiting.removeFirst()
            state.running.insert(conversation)
            return conversation
        }
    }

    /// The conversation's next action, or nil when it has none left: the slot lets it go.
    func next(in conversation: String) -> Executor.DueAction? {
        state.withLock { state in
            guard !state.stopping, var queue = state.queues[conversation], !queue.isEmpty else {
                for action in state.queues[conversation] ?? [] { state.held.remove(action.key) }
                state.queues[conversation] = nil
                state.running.remove(conversation)
                return nil
            }
            let action = queue.removeFirst()
            state.queues[conversation] = queue.isEmpty ? nil : queue
            return action
        }
    }

    /// No action is started from now on (the worker is stopping); those carried out now finish.
    /// The rest stay due in the outbox, never attempted.
    public func stop() {
        state.withLock { $0.stopping = true }
    }

    /// An action is done with (carried out, or failed to be); returns whether that made room.
    @discardableResult
    func finished(_ key: String) -> Bool {
        state.withLock { state in
            let wasFull = state.held.count >= capacity
            state.held.remove(key)
            return wasFull && state.held.count < capacity
        }
    }
}
