import Foundation
import InboxBotCore

/// A webhook delivery: `{event_type, chat, whatsapp_account, message?}`. TimelinesAI signs
/// nothing, so deliveries are admitted by a secret in the URL. The documentation's own
/// `message:received:new` example says `"event_type": "message:new"` and `"direction": "sent"`,
/// so what a delivery is is read from its content: a message's `direction`, else the type.
struct TimelinesAIWebhookPayload: Decodable, Sendable {
    enum Kind: Sendable, Equatable {
        case messageReceived
        case messageSent
        case chatCreated
        case chatAssignment
        /// Reactions, account state: answered, and no event.
        case other(String)
    }

    let eventType: String
    let chatID: TimelinesAIID
    let chatName: String?
    let phone: String?
    let responsibleEmail: String?
    let responsibleName: String?
    let message: Message?

    struct Message: Decodable, Sendable {
        let uid: String
        let text: String?
        let received: Bool
        let time: Date?
        let origin: String?
        let senderName: String?

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: JSONKey.self)
            uid = try object.decode(String.self, forKey: JSONKey("message_uid"))
            text = object.lenientString("text")
            let direction = object.lenientString("direction")?.lowercased() ?? ""
            guard direction == "received" || direction == "sent" else {
                throw DecodingError.dataCorruptedError(forKey: JSONKey("direction"), in: object,
                                                       debugDescription: "a message's direction must be received or sent, not '\(direction.prefix(20))'")
            }
            received = direction == "received"
            time = object.timelinesTime("timestamp")
            origin = object.lenientString("origin")
            senderName = (try? object.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("sender")))?.lenientString("full_name")
        }
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        eventType = object.lenientString("event_type") ?? ""
        let chat = try object.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("chat"))
        chatID = try chat.decode(TimelinesAIID.self, forKey: JSONKey("chat_id"))
        chatName = chat.lenientString("full_name")
        phone = chat.timelinesPhone("phone")
        responsibleEmail = chat.lenientString("responsible_email").flatMap { $0.isEmpty ? nil : $0 }
        responsibleName = chat.lenientString("responsible_name").flatMap { $0.isEmpty ? nil : $0 }
        message = try object.decodeIfPresent(Message.self, forKey: JSONKey("message"))
    }

    var kind: Kind {
        if let message { return message.received ? .messageReceived : .messageSent }
        switch eventType {
        case "chat:created", "chat:new", "chat:received:created", "chat:sent:created": return .chatCreated
        case "chat:assigned", "chat:unassigned": return .chatAssignment
        default: return .other(eventType)
        }
    }

    /// The message's uid for a message; the type, chat and assignee otherwise.
    var deduplicationKey: String {
        message.map { "message:\($0.uid)" } ?? [eventType, chatID.value, responsibleEmail ?? ""].joined(separator: ":")
    }

    static func decode(_ body: Data) throws -> TimelinesAIWebhookPayload {
        try JSONDecoder().decode(TimelinesAIWebhookPayload.self, from: body)
    }
}
