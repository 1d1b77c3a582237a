import Foundation
import InboxBotCore

/// What a Hilos flow's HTTP ("Connect API") step posts to inboxbot for a customer's message,
/// filled from the flow's variables (docs/platforms/hilos.md has the step to copy):
///
///     {"phone": "{{contact.phone}}", "name": "{{contact.first_name}}", "text": "<the message>",
///      "conversation": "<its id, when the flow has it>", "message_id": "<when the flow has it>"}
///
/// `phone` and `text` are required. Without a message id, a message is known by its phone,
/// text and minute, so that a step the flow repeats is one event.
struct HilosFlowMessage: Decodable, Sendable {
    let phone: String
    let name: String?
    let text: String
    let conversation: String?
    let messageID: String?
    let time: Date?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        guard let phone = object.lenientString("phone")?.trimmingCharacters(in: .whitespaces), phone.hasPrefix("+"), (8...20).contains(phone.count),
              phone.dropFirst().allSatisfy(\.isNumber) else {
            throw DecodingError.dataCorruptedError(forKey: JSONKey("phone"), in: object, debugDescription: "phone must be an E.164 number such as +5215511112222")
        }
        guard let text = object.lenientString("text"), !text.isEmpty, text.utf8.count <= 65_536 else {
            throw DecodingError.dataCorruptedError(forKey: JSONKey("text"), in: object, debugDescription: "text must be the message, not empty")
        }
        self.phone = phone
        self.text = text
        name = object.lenientString("name").flatMap { $0.isEmpty ? nil : $0 }
        conversation = object.lenientString("conversation").flatMap { $0.isEmpty ? nil : $0 }
        messageID = object.lenientString("message_id").flatMap { $0.isEmpty ? nil : $0 }
        time = object.lenientString("timestamp").flatMap(Timestamp.parse)
    }

    /// The key repeats are known by.
    func key(receivedAt: Date) -> String {
        if let messageID { return "flow:" + messageID }
        let minute = ((time ?? receivedAt).timeIntervalSince1970 / 60).clampedInt()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "flow:\(phone):\(String(hash, radix: 16)):\(minute)"
    }
}
