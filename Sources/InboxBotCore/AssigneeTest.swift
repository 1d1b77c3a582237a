public enum AssigneeTest: Sendable, Hashable {
    case none
    case any
    /// Assigned to one of these users (email or id, compared case-insensitively).
    case oneOf([String])
}
