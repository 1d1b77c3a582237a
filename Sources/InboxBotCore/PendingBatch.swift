/// Pending events with what evaluating them needs from the store (`StateStore.pendingBatch`).
public struct PendingBatch: Sendable {
    /// Admitted events not yet processed, oldest first.
    public var events: [Event]
    /// Their conversations' evaluation history (`StateStore.evaluationHistory`).
    public var history: FiringLedger
    /// Actions queued for each of their conversations since the budget's window began; empty
    /// when no window was asked for (a dry run), and conversations with none left out.
    public var spent: [String: Int]

    /// Nothing pending.
    public static let empty = PendingBatch(events: [], history: FiringLedger(), spent: [:])

    public init(events: [Event], history: FiringLedger, spent: [String: Int]) {
        self.events = events
        self.history = history
        self.spent = spent
    }
}
