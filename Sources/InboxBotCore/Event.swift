import Foundation

/// One normalized thing that happened in a conversation, on any platform.
///
/// It carries a snapshot of the conversation as it was at that moment, so that rules
/// can be evaluated without asking the platform anything. Its JSON form (JSON Lines in
/// replay and test files) is documented in docs/events.md.
public struct Event: Sendable, Hashable {
    public var id: String
    public var type: EventType
    public var time: Date
    public var conversation: ConversationSnapshot
    /// Present on `message.*` events.
    public var message: Message?
    /// Present on `call.*` events.
    public var call: Call?
    /// Platform-specific ids and markers (for example the platform's own event id).
    public var metadata: [String: String]

    public init(
        id: String,
        type: EventType,
        time: Date,
        conversation: ConversationSnapshot,
        message: Message? = nil,
        call: Call? = nil,
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.type = type
        self.time = time
        self.conversation = conversation
        self.message = message
        self.call = call
        self.metadata = metadata
    }

    /// The direction of what happened: the message's or the call's.
    public var direction: Direction? {
        message?.direction ?? call?.direction
    }
}

public struct ConversationSnapshot: Sendable, Hashable {
    public var id: String
    public var platform: String?
    public var status: ConversationStatus
    public var tags: [String]
    /// Messages from the customer not yet answered. Connectors derive it where the
    /// platform does not report it (Hatif).
    public var unread: Int
    public var channel: Channel
    /// The assigned user's email or id; nil when unassigned.
    public var assignee: String?
    public var assigneeName: String?
    public var contact: Contact
    public var createdAt: Date?
    public var assignedAt: Date?
    public var lastInboundAt: Date?
    public var lastOutboundAt: Date?

    public init(
        id: String,
        platform: String? = nil,
        status: ConversationStatus = .open,
        tags: [String] = [],
        unread: Int = 0,
        channel: Channel = Channel(),
        assignee: String? = nil,
        assigneeName: String? = nil,
        contact: Contact = Contact(),
        createdAt: Date? = nil,
        assignedAt: Date? = nil,
        lastInboundAt: Date? = nil,
        lastOutboundAt: Date? = nil
    ) {
        self.id = id
        self.platform = platform
        self.status = status
        self.tags = tags
        self.unread = unread
        self.channel = channel
        self.assignee = assignee
        self.assigneeName = assigneeName
        self.contact = contact
        self.createdAt = createdAt
        self.assignedAt = assignedAt
        self.lastInboundAt = lastInboundAt
        self.lastOutboundAt = lastOutboundAt
    }
}

public struct Channel: Sendable, Hashable {
    public var id: String?
    public var name: String?

    public init(id: String? = nil, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

public struct Contact: Sendable, Hashable {
    public var id: String?
    public var name: String?
    /// E.164 where the platform gives it; compared digit by digit.
    public var phone: String?
    /// Custom properties, as text.
    public var properties: [String: String]

    public init(id: String? = nil, name: String? = nil, phone: String? = nil, properties: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.phone = phone
        self.properties = properties
    }
}

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

public struct Call: Sendable, Hashable {
    public var direction: Direction
    public var status: CallStatus
    public var durationSeconds: Int

    public init(direction: Direction, status: CallStatus, durationSeconds: Int = 0) {
        self.direction = direction
        self.status = status
        self.durationSeconds = durationSeconds
    }
}
