import Foundation
import InboxBotCore

/// A message of a chat. `from_me` is the direction (true: sent by the WhatsApp account, from
/// any of its devices or the API). `message_type` is `whatsapp` for traffic with the customer
/// and `Note` for an agents' internal note, which is no message to or from the customer.
/// Its `status` (`Not connected` on inbound messages live, which is no error) is not read.
struct TimelinesAIMessage: Decodable, Sendable {
    let uid: String
    let chatID: TimelinesAIID?
    let time: Date?
    let fromMe: Bool
    let text: String?
    let origin: String?
    let isNote: Bool
    let senderName: String?
    let createdBy: String?

    init(uid: String, chatID: TimelinesAIID?, time: Date?, fromMe: Bool, text: String?, origin: String? = nil, isNote: Bool = false,
         senderName: String? = nil) {
        self.uid = uid
        self.chatID = chatID
        self.time = time
        self.fromMe = fromMe
        self.text = text
        self.origin = origin
        self.isNote = isNote
        self.senderName = senderName
        createdBy = nil
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        uid = try object.decode(String.self, forKey: JSONKey("uid"))
        chatID = try? object.decodeIfPresent(TimelinesAIID.self, forKey: JSONKey("chat_id"))
        time = object.timelinesTime("timestamp")
        fromMe = object.lenientBool("from_me") ?? false
        text = object.lenientString("text")
        origin = object.lenientString("origin")
        isNote = object.lenientString("message_type").map { $0.caseInsensitiveCompare("note") == .orderedSame } ?? false
        senderName = object.lenientString("sender_name")
        createdBy = object.lenientString("created_by")
    }
}
