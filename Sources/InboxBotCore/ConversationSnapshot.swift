import Foundation

public struct ConversationSnapshot: Sendable, Hashable {
    public var id: String
    public var platform: String?
    public var status: ConversationStatus
    /// The platform's own status, as it names it (Hilos's `IN_PROGRESS`, Hatif's `Open`),
    /// for rules that need more than `status`; nil where the connector does not know it.
    public var platformStatus: String?
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
        platformStatus: String? = nil,
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
        self.platformStatus = platformStatus
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
