public struct Message: Sendable, Hashable {
    public var id: String?
    public var direction: Direction
    public var type: MessageType
    public var body: String?
    /// Delivery state, on `message.status` events.
    public var status: DeliveryStatus?
    /// Who sent an outbound message: a user's email or id, or `bot` for inboxbot itself.
    public var sender: String?

    public init(
        id: String? = nil,
        direction: Direction,
        type: MessageType = .text,
        body: String? = nil,
        status: DeliveryStatus? = nil,
        sender: String? = nil
    ) {
        self.id = id
        self.direction = direction
        self.type = type
        self.body = body
        self.status = status
        self.sender = sender
    }
}
