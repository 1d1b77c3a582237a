import Foundation

public struct ConversationSnapshot: Sendable, Hashable {
    /// A snapshot is copied into every event, timer, view and explanation. Its fields live in
    /// one shared box, so that a copy costs one reference count instead of one per string;
    /// a change copies the box first while another snapshot still shares it (copy on write).
    private var shared: SharedFields<Fields>

    struct Fields: Sendable, Hashable {
        var id: String
        var platform: String?
        var status: ConversationStatus
        var platformStatus: String?
        var tags: [String]
        var unread: Int
        var channel: Channel
        var assignee: String?
        var assigneeName: String?
        var contact: Contact
        var createdAt: Date?
        var assignedAt: Date?
        var lastInboundAt: Date?
        var lastOutboundAt: Date?
    }

    public var id: String {
        get { shared.fields.id }
        _modify { yield &shared.fields.id }
    }
    public var platform: String? {
        get { shared.fields.platform }
        _modify { yield &shared.fields.platform }
    }
    public var status: ConversationStatus {
        get { shared.fields.status }
        _modify { yield &shared.fields.status }
    }
    /// The platform's own status, as it names it (Hilos's `IN_PROGRESS`, Hatif's `Open`),
    /// for rules that need more than `status`; nil where the connector does not know it.
    public var platformStatus: String? {
        get { shared.fields.platformStatus }
        _modify { yield &shared.fields.platformStatus }
    }
    public var tags: [String] {
        get { shared.fields.tags }
        _modify { yield &shared.fields.tags }
    }
    /// Messages from the customer not yet answered. Connectors derive it where the
    /// platform does not report it (Hatif).
    public var unread: Int {
        get { shared.fields.unread }
        _modify { yield &shared.fields.unread }
    }
    public var channel: Channel {
        get { shared.fields.channel }
        _modify { yield &shared.fields.channel }
    }
    /// The assigned user's email or id; nil when unassigned.
    public var assignee: String? {
        get { shared.fields.assignee }
        _modify { yield &shared.fields.assignee }
    }
    public var assigneeName: String? {
        get { shared.fields.assigneeName }
        _modify { yield &shared.fields.assigneeName }
    }
    public var contact: Contact {
        get { shared.fields.contact }
        _modify { yield &shared.fields.contact }
    }
    public var createdAt: Date? {
        get { shared.fields.createdAt }
        _modify { yield &shared.fields.createdAt }
    }
    public var assignedAt: Date? {
        get { shared.fields.assignedAt }
        _modify { yield &shared.fields.assignedAt }
    }
    public var lastInboundAt: Date? {
        get { shared.fields.lastInboundAt }
        _modify { yield &shared.fields.lastInboundAt }
    }
    public var lastOutboundAt: Date? {
        get { shared.fields.lastOutboundAt }
        _modify { yield &shared.fields.lastOutboundAt }
    }

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
        shared = SharedFields(Fields(id: id, platform: platform, status: status, platformStatus: platformStatus, tags: tags, unread: unread, channel: channel, assignee: assignee, assigneeName: assigneeName, contact: contact, createdAt: createdAt, assignedAt: assignedAt, lastInboundAt: lastInboundAt, lastOutboundAt: lastOutboundAt))
    }
}
