import InboxBotCore

/// Every answer: `{"status": "ok", "data": …}`, or `{"status": "error", "message": …, "error_code"?: …}`.
struct TimelinesAIEnvelope<Payload: Decodable & Sendable>: Decodable, Sendable {
    let data: Payload

    /// An error answer, with what TimelinesAI said.
    struct Refusal: Error, Sendable, CustomStringConvertible {
        let message: String
        let code: String?
        var description: String { message + (code.map { " (\($0))" } ?? "") }
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        let status = object.lenientString("status") ?? ""
        guard status == "ok" else {
            throw Refusal(message: object.lenientString("message") ?? "status '\(status.prefix(20))' with no message", code: object.lenientString("error_code"))
        }
        data = try object.decode(Payload.self, forKey: JSONKey("data"))
    }
}

/// A page of a list: its items and whether `page + 1` has more (about 50 a page).
struct TimelinesAIPage<Item: Decodable & Sendable>: Decodable, Sendable {
    let items: [Item]
    let hasMorePages: Bool

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        let key = object.allKeys.first { $0.stringValue == "chats" || $0.stringValue == "messages" }
        items = try key.map { try object.decode([Item].self, forKey: $0) } ?? []
        hasMorePages = object.lenientBool("has_more_pages") ?? false
    }
}
