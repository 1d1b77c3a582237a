import Foundation

// The JSON form of events, with the fixed snake_case keys of docs/events.md.
// Decoding is strict: an unknown key is an error with a "did you mean" hint, because a
// misspelt key in a hand-written replay or test file would otherwise pass silently.

extension Event: Codable {
    static let keys = ["id", "type", "time", "conversation", "message", "call", "metadata"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys, in: "event")
        let id: String = try container.required("id", in: "event")
        let type: EventType = try container.required("type", in: "event")
        guard let time = try container.time("time") else {
            throw DecodingError.keyNotFound(JSONKey("time"), .init(codingPath: [], debugDescription: "event needs 'time'"))
        }
        let conversation: ConversationSnapshot = try container.required("conversation", in: "event")
        let message: Message? = try container.value("message")
        let call: Call? = try container.value("call")
        let metadata: [String: String] = try container.value("metadata") ?? [:]
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
        self.init(id: id, type: type, time: time, conversation: conversation, message: message, call: call, metadata: metadata)
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
