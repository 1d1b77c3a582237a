public enum AssignTarget: Sendable, Hashable {
    /// A user by email or id; may be templated, as in `{{contact.properties.account_manager}}`.
    case user(TextTemplate)
    /// The next user of the pool in turn; the worker keeps the turn.
    case roundRobin([String])
    case unassign
}
