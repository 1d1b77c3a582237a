/// A test on an event, as written in a rule's `if:`. Leaves test one field; `all`, `any`
/// and `not` combine them and nest freely.
public struct Condition: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case all([Condition])
        case any([Condition])
        case not(Condition)
        case event([EventPattern])
        case platform([String])
        case status(Set<ConversationStatus>)
        case tags(TagTest)
        case direction(Set<Direction>)
        case unread(Comparison)
        /// Matches the channel's name (folded) or its id.
        case channel([String])
        case assignee(AssigneeTest)
        case messageType(Set<MessageType>)
        case body(TextTest)
        case deliveryStatus(Set<DeliveryStatus>)
        case callStatus(Set<CallStatus>)
        case callDuration(Comparison)
        case contactName(TextTest)
        /// Compared digit by digit, so `+966` and `00966` both match `966500111222`.
        case contactPhone(TextTest)
        case contactProperty(name: String, TextTest)
        case elapsed(TimeReference, ElapsedTest)
        case within(calendar: String)
        case outside(calendar: String)
    }

    public var kind: Kind
    public var location: SourceLocation?

    public init(_ kind: Kind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    /// The condition that always holds: an empty `all`.
    public static let always = Condition(.all([]))
}

public struct TagTest: Sendable, Hashable {
    public var includes: [String]
    public var anyOf: [String]
    public var allOf: [String]
    public var noneOf: [String]
    /// `empty: true` holds when the conversation has no tags; `false` when it has some.
    public var isEmpty: Bool?

    public init(includes: [String] = [], anyOf: [String] = [], allOf: [String] = [], noneOf: [String] = [], isEmpty: Bool? = nil) {
        self.includes = includes
        self.anyOf = anyOf
        self.allOf = allOf
        self.noneOf = noneOf
        self.isEmpty = isEmpty
    }

    /// Tags that must all be present.
    public var required: [String] { includes + allOf }
}

public enum AssigneeTest: Sendable, Hashable {
    case none
    case any
    /// Assigned to one of these users (email or id, compared case-insensitively).
    case oneOf([String])
}

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

public enum ElapsedTest: Sendable, Hashable {
    case compare(Comparison)
    /// Holds when the moment never happened (no outbound message yet, say).
    case never
}
