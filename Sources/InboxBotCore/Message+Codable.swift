import Foundation

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
