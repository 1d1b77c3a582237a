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
        /// The platform's own status, any of these (compared folded).
        case platformStatus([String])
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
        /// `contact.opted_out`: whether the contact had opted out of automated messages before this event.
        case optedOut(Bool)
        /// `whatsapp_window`: whether WhatsApp's 24-hour customer-service window is open, from
        /// the customer's last message.
        case serviceWindow(open: Bool)
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
