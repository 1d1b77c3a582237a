import Foundation

public struct ConversationSnapshot: Sendable, Hashable {
    /// A snapshot is copied into every event, timer, view and explanation. Its fields live in
    /// one shared box, so that a copy costs one reference count instead of one per string;
    /// a change copies the box first while another snapshot still shares it (copy on write).
    private var box: Box

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

    /// Unchecked: its fields change only through `uniqueFields`, that is, only while one
    /// snapshot alone holds it; a box two snapshots share is never written. For the same
    /// reason reads need no dynamic exclusivity check, which would cost more than the read.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// The fields, for changing: the box is copied first when another snapshot shares it.
    private var uniqueFields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public var id: String {
        get { box.fields.id }
        _modify { yield &uniqueFields.id }
    }
    public var platform: String? {
        get { box.fields.platform }
        _modify { yield &uniqueFields.platform }
    }
    public var status: ConversationStatus {
        get { box.fields.status }
        _modify { yield &uniqueFields.status }
    }
    /// The platform's own status, as it names it (Hilos's `IN_PROGRESS`, Hatif's `Open`),
    /// for rules that need more than `status`; nil where the connector does not know it.
    public var platformStatus: String? {
        get { box.fields.platformStatus }
        _modify { yield &uniqueFields.platformStatus }
    }
    public var tags: [String] {
        get { box.fields.tags }
        _modify { yield &uniqueFields.tags }
    }
    /// Messages from the customer not yet answered. Connectors derive it where the
    /// platform does not report it (Hatif).
    public var unread: Int {
        get { box.fields.unread }
        _modify { yield &uniqueFields.unread }
    }
    public var channel: Channel {
        get { box.fields.channel }
        _modify { yield &uniqueFields.channel }
    }
    /// The assigned user's email or id; nil when unassigned.
    public var assignee: String? {
        get { box.fields.assignee }
        _modify { yield &uniqueFields.assignee }
    }
    public var assigneeName: String? {
        get { box.fields.assigneeName }
        _modify { yield &uniqueFields.assigneeName }
    }
    public var contact: Contact {
        get { box.fields.contact }
        _modify { yield &uniqueFields.contact }
    }
    public var createdAt: Date? {
        get { box.fields.createdAt }
        _modify { yield &uniqueFields.createdAt }
    }
    public var assignedAt: Date? {
        get { box.fields.assignedAt }
        _modify { yield &uniqueFields.assignedAt }
    }
    public var lastInboundAt: Date? {
        get { box.fields.lastInboundAt }
        _modify { yield &uniqueFields.lastInboundAt }
    }
    public var lastOutboundAt: Date? {
        get { box.fields.lastOutboundAt }
        _modify { yield &uniqueFields.lastOutboundAt }
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
        box = Box(Fields(id: id, platform: platform, status: status, platformStatus: platformStatus, tags: tags, unread: unread, channel: channel, assignee: assignee, assigneeName: assigneeName, contact: contact, createdAt: createdAt, assignedAt: assignedAt, lastInboundAt: lastInboundAt, lastOutboundAt: lastOutboundAt))
    }

    public static func == (left: ConversationSnapshot, right: ConversationSnapshot) -> Bool {
        left.box === right.box || left.box.fields == right.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
    }
}
