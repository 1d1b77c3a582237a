/// The moment an elapsed-time condition counts from.
public enum TimeReference: String, Sendable, Hashable, CaseIterable {
    case lastInbound = "since_last_inbound"
    case lastOutbound = "since_last_outbound"
    case created = "age"
    case assigned = "since_assigned"

    public var phrase: String {
        switch self {
        case .lastInbound: "time since the last inbound message"
        case .lastOutbound: "time since the last outbound message"
        case .created: "conversation age"
        case .assigned: "time since assignment"
        }
    }
}
