public enum AssignTarget: Sendable, Hashable {
    /// A user by email or id; may be templated, as in `{{contact.properties.account_manager}}`.
    case user(TextTemplate)
    /// One user of a pool, by turn or by load; the worker keeps the turn and counts the load.
    case pool(AssignmentPool)
    case unassign
}
