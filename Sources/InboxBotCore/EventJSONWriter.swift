import Foundation

/// Writes events and conversations in the JSON form of docs/events.md straight to bytes,
/// for the stores (every event admitted, every action's conversation) and event files:
/// several times cheaper than `JSONEncoder`, which goes through generic containers.
///
/// What it writes is what `JSONEncoder` writes for the same value with `.sortedKeys` and
/// `.withoutEscapingSlashes`, byte for byte (a test holds them together, fuzzed): keys in
/// sorted order, absent values left out, strings escaped as JSONEncoder escapes them.
public struct EventJSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// One event as JSON.
    public static func data(_ event: Event) -> Data {
        var writer = EventJSONWriter()
        writer.write(event)
        return Data(writer.bytes)
    }

    /// One conversation as JSON.
    public static func data(_ conversation: ConversationSnapshot) -> Data {
        var writer = EventJSONWriter()
        writer.write(conversation)
        return Data(writer.bytes)
    }

    public mutating func write(_ event: Event) {
        var object = beginObject()
        if let call = event.call {
            key("call", &object)
            write(call)
        }
        key("conversation", &object)
        write(event.conversation)
        member(event.id, "id", &object)
        if let message = event.message {
            key("message", &object)
            write(message)
        }
        if !event.metadata.isEmpty {
            key("metadata", &object)
            write(event.metadata)
        }
        member(Timestamp.format(event.time), "time", &object)
        member(event.type.rawValue, "type", &object)
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func write(_ conversation: ConversationSnapshot) {
        var object = beginObject()
        member(conversation.assignedAt.map(Timestamp.format), "assigned_at", &object)
        // Written even when nil: `null` says unassigned.
        key("assignee", &object)
        if let assignee = conversation.assignee { write(string: assignee) } else { append("null") }
        member(conversation.assigneeName, "assignee_name", &object)
        member(conversation.channel.name, "channel", &object)
        member(conversation.channel.id, "channel_id", &object)
        key("contact", &object)
        write(conversation.contact)
        member(conversation.createdAt.map(Timestamp.format), "created_at", &object)
        member(conversation.id, "id", &object)
        member(conversation.lastInboundAt.map(Timestamp.format), "last_inbound_at", &object)
        member(conversation.lastOutboundAt.map(Timestamp.format), "last_outbound_at", &object)
        member(conversation.platform, "platform", &object)
        member(conversation.platformStatus, "platform_status", &object)
        member(conversation.status.rawValue, "status", &object)
        key("tags", &object)
        bytes.append(UInt8(ascii: "["))
        for (position, tag) in conversation.tags.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: tag)
        }
        bytes.append(UInt8(ascii: "]"))
        key("unread", &object)
        bytes.append(contentsOf: String(conversation.unread).utf8)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ contact: Contact) {
        var object = beginObject()
        member(contact.id, "id", &object)
        member(contact.name, "name", &object)
        member(contact.phone, "phone", &object)
        if !contact.properties.isEmpty {
            key("properties", &object)
            write(contact.properties)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ message: Message) {
        var object = beginObject()
        member(message.body, "body", &object)
        member(message.direction.rawValue, "direction", &object)
        member(message.id, "id", &object)
        member(message.sender, "sender", &object)
        member(message.status?.rawValue, "status", &object)
        member(message.type.rawValue, "type", &object)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ call: Call) {
        var object = beginObject()
        member(call.direction.rawValue, "direction", &object)
        key("duration_seconds", &object)
        bytes.append(contentsOf: String(call.durationSeconds).utf8)
        member(call.status.rawValue, "status", &object)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A dictionary of strings, its keys in the order `.sortedKeys` gives them.
    mutating func write(_ dictionary: [String: String]) {
        var object = beginObject()
        for key in dictionary.keys.sorted(by: Self.sortedKeyOrder) {
            member(dictionary[key], key, &object)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// JSONEncoder's `.sortedKeys` order: by UTF-8 bytes.
    static func sortedKeyOrder(_ first: String, _ second: String) -> Bool {
        first.utf8.lexicographicallyPrecedes(second.utf8)
    }

    /// Ends a line of JSON Lines.
    public mutating func newline() {
        bytes.append(0x0A)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A JSON string: quote, backslash and control characters escaped as JSONEncoder does.
    mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// An object's state while it is written: whether a member came yet.
    struct Object {
        var empty = true
    }

    mutating func beginObject() -> Object {
        bytes.append(UInt8(ascii: "{"))
        return Object()
    }

    /// A member's key, after a comma unless it is the first.
    mutating func key(_ name: String, _ object: inout Object) {
        if !object.empty { bytes.append(UInt8(ascii: ",")) }
        object.empty = false
        write(string: name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A string member, left out when nil.
    mutating func member(_ value: String?, _ name: String, _ object: inout Object) {
        guard let value else { return }
        key(name, &object)
        write(string: value)
    }
}
