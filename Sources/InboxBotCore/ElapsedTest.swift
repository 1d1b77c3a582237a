public enum ElapsedTest: Sendable, Hashable {
    case compare(Comparison)
    /// Holds when the moment never happened (no outbound message yet, say).
    case never
}
