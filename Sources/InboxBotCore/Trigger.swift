/// What makes a rule run: an event, or a timer (a wait that has lasted long enough).
public enum Trigger: Sendable, Hashable {
    case event(EventPattern, location: SourceLocation?)
    case timer(TimerTrigger, location: SourceLocation?)

    public var location: SourceLocation? {
        switch self {
        case .event(_, let location), .timer(_, let location): location
        }
    }
}

/// A time-based trigger: it fires when a wait has lasted long enough.
public struct TimerTrigger: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No outbound reply since the last inbound message.
        case idle
        /// No answer from the customer since our last outbound message.
        case customerSilent
        /// Time since the conversation was created.
        case sinceCreated
        /// Time since the conversation was assigned.
        case sinceAssigned
        /// The conversation has stayed unassigned.
        case unassigned
        /// The conversation has stayed in one status.
        case statusHeld(ConversationStatus)

        public var keyword: String {
            switch self {
            case .idle: "idle"
            case .customerSilent: "customer_silent"
            case .sinceCreated: "since_created"
            case .sinceAssigned: "since_assigned"
            case .unassigned: "unassigned_for"
            case .statusHeld: "status_held"
            }
        }
    }

    public static let keywords = ["idle", "customer_silent", "since_created", "since_assigned", "unassigned_for", "status_held"]

    public var kind: Kind
    public var after: TimeSpan
    /// When set, only business time in this calendar counts towards `after`.
    public var calendar: String?

    public init(kind: Kind, after: TimeSpan, calendar: String? = nil) {
        self.kind = kind
        self.after = after
        self.calendar = calendar
    }

    public var description: String {
        var text = "\(kind.keyword) \(after)"
        if case .statusHeld(let status) = kind { text = "status \(status.rawValue) held \(after)" }
        if let calendar { text += " (business time in \(calendar))" }
        return text
    }
}
