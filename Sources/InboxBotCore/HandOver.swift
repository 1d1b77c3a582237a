/// How late a write may still go to the platform, for the task that carries out an action.
///
/// A worker sharing a database marks an action in flight under the lease of its
/// conversation's shard. If it is then paused (or starved) past that lease, another worker
/// may take the conversation over, find the action in flight, settle it as never sent, and
/// send it itself. So the executor sets a deadline well inside the lease, and the connectors'
/// HTTP layer refuses to send a write after it, right before the request goes out: a late
/// action is left to be settled, never sent twice.
public enum HandOver {
    @TaskLocal public static var deadline: ContinuousClock.Instant?

    /// Whether a write may still go out now.
    public static var isOpen: Bool {
        deadline.map { ContinuousClock.now <= $0 } ?? true
    }
}
