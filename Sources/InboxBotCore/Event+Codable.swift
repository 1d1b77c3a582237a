import Foundation

// The JSON form of events, with the fixed snake_case keys of docs/events.md.
// Decoding is strict: an unknown key is an error with a "did you mean" hint, because a
// misspelt key in a hand-written replay or test file would otherwise pass silently.

struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == JSONKey {
    func rejectUnknownKeys(allowed: [String], in object: String) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "unknown key '\(key.stringValue)' in \(object)"
                    + Suggestion.hint(for: key.stringValue, among: allowed)
            )
        }
    }

    func value<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(T.self, forKey: JSONKey(key))
    }

    func required<T: Decodable>(_ key: String, as type: T.Type = T.self, in object: String) throws -> T {
        guard let value = try decodeIfPresent(T.self, forKey: JSONKey(key)) else {
            throw DecodingError.keyNotFound(
                JSONKey(key),
                .init(codingPath: codingPath, debugDescription: "\(object) needs '\(key)'")
            )
        }
        return value
    }

    func time(_ key: String) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: JSONKey(key)) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: JSONKey(key), in: self,
                debugDescription: "'\(key)' is not an RFC 3339 time such as 2026-03-17T12:00:00Z: \(text)"
            )
        }
        return date
    }
}

extension KeyedEncodingContainer where Key == JSONKey {
    mutating func put<T: Encodable>(_ value: T?, _ key: String) throws {
        try encodeIfPresent(value, forKey: JSONKey(key))
    }

    mutating func putTime(_ value: Date?, _ key: String) throws {
        try encodeIfPresent(value.map(Timestamp.format), forKey: JSONKey(key))
    }
}

extension Event: Codable {
    static let keys = ["id", "type", "time", "conversation", "message", "call", "metadata"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "event")
        id = try container.required("id", in: "event")
        type = try container.required("type", in: "event")
        guard let time = try container.time("time") else {
            throw DecodingError.keyNotFound(JSONKey("time"), .init(codingPath: [], debugDescription: "event needs 'time'"))
        }
        self.time = time
        conversation = try container.required("conversation", in: "event")
        message = try container.value("message")
        call = try container.value("call")
        metadata = try container.value("metadata") ?? [:]
        if type.carriesMessage, message == nil {
            throw DecodingError.keyNotFound(
                JSONKey("message"),
                .init(codingPath: [], debugDescription: "a \(type.rawValue) event needs a 'message' object")
            )
        }
        if type.carriesCall, call == nil {
            throw DecodingError.keyNotFound(
                JSONKey("call"),
                .init(codingPath: [], debugDescription: "a \(type.rawValue) event needs a 'call' object")
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(id, "id")
        try container.put(type, "type")
        try container.putTime(time, "time")
        try container.put(conversation, "conversation")
        try container.put(message, "message")
        try container.put(call, "call")
        if !metadata.isEmpty { try container.put(metadata, "metadata") }
    }
}

extension ConversationSnapshot: Codable {
    static let keys = [
        "id", "platform", "status", "tags", "unread", "channel", "channel_id", "assignee", "assignee_name",
        "contact", "created_at", "assigned_at", "last_inbound_at", "last_outbound_at",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "conversation")
        id = try container.required("id", in: "conversation")
        platform = try container.value("platform")
        status = try container.value("status") ?? .open
        tags = try container.value("tags") ?? []
        unread = try container.value("unread") ?? 0
        channel = Channel(id: try container.value("channel_id"), name: try container.value("channel"))
        assignee = try container.value("assignee")
        assigneeName = try container.value("assignee_name")
        contact = try container.value("contact") ?? Contact()
        createdAt = try container.time("created_at")
        assignedAt = try container.time("assigned_at")
        lastInboundAt = try container.time("last_inbound_at")
        lastOutboundAt = try container.time("last_outbound_at")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(id, "id")
        try container.put(platform, "platform")
        try container.put(status, "status")
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

extension Contact: Codable {
    static let keys = ["id", "name", "phone", "properties"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "contact")
        id = try container.value("id")
        name = try container.value("name")
        phone = try container.value("phone")
        properties = try container.value("properties") ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(id, "id")
        try container.put(name, "name")
        try container.put(phone, "phone")
        if !properties.isEmpty { try container.put(properties, "properties") }
    }
}

extension Message: Codable {
    static let keys = ["id", "direction", "type", "body", "status", "sender"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "message")
        id = try container.value("id")
        direction = try container.required("direction", in: "message")
        type = try container.value("type") ?? .text
        body = try container.value("body")
        status = try container.value("status")
        sender = try container.value("sender")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(id, "id")
        try container.put(direction, "direction")
        try container.put(type, "type")
        try container.put(body, "body")
        try container.put(status, "status")
        try container.put(sender, "sender")
    }
}

extension Call: Codable {
    static let keys = ["direction", "status", "duration_seconds"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "call")
        direction = try container.required("direction", in: "call")
        status = try container.required("status", in: "call")
        durationSeconds = try container.value("duration_seconds") ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.put(direction, "direction")
        try container.put(status, "status")
        try container.put(durationSeconds, "duration_seconds")
    }
}
