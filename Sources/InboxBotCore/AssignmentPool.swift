/// `assign: { round_robin: [...] }` or `assign: { least_busy: [...] }`: whom of a pool of
/// agents a conversation goes to, skipping those outside their working hours (their
/// `agents:` calendar) or at their capacity, with a fallback when none is free.
public struct AssignmentPool: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, Codable {
        /// The next agent in turn, across all conversations and workers.
        case roundRobin = "round_robin"
        /// The agent with the fewest open conversations assigned (ties: the pool's order).
        case leastBusy = "least_busy"
    }

    public var members: [String]
    public var strategy: Strategy
    /// Who gets it when no member is free; without one, the action fails with why.
    public var fallback: String?

    public init(members: [String], strategy: Strategy = .roundRobin, fallback: String? = nil) {
        self.members = members
        self.strategy = strategy
        self.fallback = fallback
    }
}
