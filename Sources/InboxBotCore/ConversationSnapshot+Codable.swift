import Foundation

extension ConversationSnapshot: Codable {
    static let keys = [
        "id", "platform", "status", "platform_status", "tags", "unread", "channel", "channel_id", "assignee", "assignee_name",
        "contact", "created_at", "assigned_at", "last_inbound_at", "last_outbound_at",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "conversation")
        self.init(
            id: try container.required("id", in: "conversation"),
            platform: try container.value("platform"),
            status: try container.value("status") ?? .open,
            platformStatus: try container.value("platform_status"),
            tags: try container.value("tags") ?? [],
            unread: try container.value("unread") ?? 0,
            channel: Channel(id: try container.value("channel_id"), name: try container.value("channel")),
            assignee: try container.value("assignee"),
            assigneeName: try container.value("assignee_name"),
            contact: try container.value("contact") ?? Contact(),
            createdAt: try container.time("created_at"),
            assignedAt: try container.time("assigned_at"),
            lastInboundAt: try container.time("last_inbound_at"),
            lastOutboundAt: try container.time("last_outbound_at"))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(id, "id")
        try container.put(platform, "platform")
        try container.put(status, "status")
        try container.put(platformStatus, "platform_status")
        try container.put(tags, "tags")
        try container.put(unread, "unread")
        try container.put(channel.name, "channel")
        try container.put(channel.id, "channel_id")
        try container.encode(assignee, forKey: JSONKey("assignee"))
        try container.put(assigneeName, "assignee_name")
        try container.put(contact, "contact")
        try container.putTime(createdAt, "created_at")
        try container.putTime(assignedAt, "assigned_at")
        try container.putTime(lastInboundAt, "last_inbound_at")
        try container.putTime(lastOutboundAt, "last_outbound_at")
    }
}
