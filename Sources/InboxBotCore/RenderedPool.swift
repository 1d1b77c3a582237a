/// A pool assignment as planned: the members within their working hours when the rule acted,
/// each with their capacity; the worker picks one when it carries the action out, by the
/// strategy and the open conversations the state store counts for each.
public struct RenderedPool: Sendable, Hashable, Codable {
    public struct Member: Sendable, Hashable, Codable {
        public var user: String
        public var capacity: Int?

        public init(user: String, capacity: Int? = nil) {
            self.user = user
            self.capacity = capacity
        }
    }

    public var members: [Member]
    public var strategy: AssignmentPool.Strategy
    public var fallback: String?
    /// Members left out because they were outside their working hours, for the record.
    public var offDuty: [String]
    /// The whole pool as written: its turn is kept under this name.
    public var rotation: [String]

    public init(members: [Member], strategy: AssignmentPool.Strategy, fallback: String? = nil, offDuty: [String] = [], rotation: [String]) {
        self.members = members
        self.strategy = strategy
        self.fallback = fallback
        self.offDuty = offDuty
        self.rotation = rotation
    }

    public var summary: String {
        let how = strategy == .roundRobin ? "assign round robin over " : "assign the least busy of "
        return how + members.map(\.user).joined(separator: ", ")
            + (offDuty.isEmpty ? "" : " (\(offDuty.joined(separator: ", ")) off duty)")
            + (fallback.map { ", else \($0)" } ?? "")
    }
}
