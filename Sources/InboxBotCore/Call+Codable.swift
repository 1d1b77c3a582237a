import Foundation

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
