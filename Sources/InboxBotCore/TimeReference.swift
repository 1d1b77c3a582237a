/// The moment an elapsed-time condition counts from.
public enum TimeReference: String, Sendable, Hashable, CaseIterable {
    case lastInbound = "since_last_inbound"
    case lastOutbound = "since_last_outbound"
    case created = "age"
    case assigned = "since_assigned"

    /// Its number in a condition program (a switch: `allCases` would build an array per use).
    var ordinal: UInt8 {
        switch self {
        case .lastInbound: 0
        case .lastOutbound: 1
        case .created: 2
        case .assigned: 3
        }
    }

    init(ordinal: UInt8) {
        switch ordinal {
        case 0: self = .lastInbound
        case 1: self = .lastOutbound
        case 2: self = .created
        default: self = .assigned
        }
    }

    public var phrase: String {
        switch self {
        case .lastInbound: "time since the last inbound message"
        case .lastOutbound: "time since the last outbound message"
        case .created: "conversation age"
        case .assigned: "time since assignment"
        }
    }
}
