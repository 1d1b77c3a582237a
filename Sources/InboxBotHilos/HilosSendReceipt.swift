import InboxBotCore

/// `201 {id, conversation}`: the template message's id and its conversation's.
struct HilosSendReceipt: Decodable, Sendable {
    let messageID: String
    let conversationID: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        messageID = try object.decode(String.self, forKey: JSONKey("id"))
        conversationID = object.lenientString("conversation")
    }
}
