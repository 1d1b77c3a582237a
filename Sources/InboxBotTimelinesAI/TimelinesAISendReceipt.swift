import InboxBotCore

/// `{message_uid}`: a send accepted for sending, not yet sent.
struct TimelinesAISendReceipt: Decodable, Sendable {
    let messageUID: String

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        guard let uid = object.lenientString("message_uid"), !uid.isEmpty else {
            throw DecodingError.keyNotFound(JSONKey("message_uid"), .init(codingPath: [], debugDescription: "no message_uid"))
        }
        messageUID = uid
    }
}
