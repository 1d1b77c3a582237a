import Foundation

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
