import Foundation
import InboxBotCore

/// Webhook deliveries as TimelinesAI posts them: unsigned, one event type each. A third of the
/// received-message deliveries carry `"event_type": "message:new"`, as the documentation's own
/// example for `message:received:new` does; their content says what they are.
extension FakeTimelinesAIState {
    func chatObject(_ chat: FakeTimelinesAIChat) -> JSONValue {
        [
            "full_name": .string(chat.name), "chat_url": .string("https://app.timelines.ai/chat/\(chat.id)/messages/"), "chat_id": .number(Double(chat.id)),
            "is_group": .bool(chat.isGroup), "chat_type": "direct", "platform": "whatsapp", "phone": .string(chat.phone),
            "responsible_name": chat.responsible.map { email in .string(teammates.first { $0.email == email }?.name ?? email) } ?? .null,
            "responsible_email": chat.responsible.map { .string($0) } ?? .null,
        ]
    }

    var accountObject: JSONValue {
        ["full_name": .string(Self.account.name), "email": .string(Self.account.email), "phone": .string(Self.account.phone),
         "whatsapp_account_wid": .string(Self.account.jid)]
    }

    mutating func messageDelivery(_ message: FakeTimelinesAIMessage, in chat: FakeTimelinesAIChat) -> JSONValue {
        receivedDeliveries += 1
        let type = message.fromMe ? "message:sent:new" : (receivedDeliveries % 3 == 0 ? "message:new" : "message:received:new")
        let customer: JSONValue = ["full_name": .string(chat.name), "phone": .string(chat.phone)]
        let account: JSONValue = ["full_name": .string(Self.account.name), "phone": .string(Self.account.phone)]
        return [
            "event_type": .string(type), "chat": chatObject(chat), "whatsapp_account": accountObject,
            "message": [
                "text": .string(message.text), "direction": message.fromMe ? "sent" : "received", "origin": .string(message.origin),
                "timestamp": .string(Self.stamp(message.time)), "message_uid": .string(message.uid),
                "sender": message.fromMe ? account : customer, "recipient": message.fromMe ? customer : account,
                "reply_to_uid": .null, "attachments": [],
            ],
        ]
    }

    func chatDelivery(_ type: String, _ chat: FakeTimelinesAIChat) -> JSONValue {
        ["event_type": .string(type), "chat": chatObject(chat), "whatsapp_account": accountObject]
    }

    /// Deliveries due now: those queued, and `message:sent:new` for each send that went out since.
    mutating func takeWebhooks() -> [JSONValue] {
        guard webhooksEnabled else { return [] }
        for (chatID, list) in messages {
            guard let chat = chats[chatID] else { continue }
            for message in list where message.fromMe && !message.isNote && message.origin == "Public API" && !announcedSends.contains(message.uid) {
                guard let sentAt = message.sentAt, sentAt <= now else { continue }
                announcedSends.insert(message.uid)
                webhookOutbox.append(messageDelivery(message, in: chat))
            }
        }
        defer { webhookOutbox.removeAll() }
        return webhookOutbox
    }
}
