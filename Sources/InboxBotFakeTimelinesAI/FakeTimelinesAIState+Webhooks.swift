import Foundation
import InboxBotCore

/// Webhook deliveries as TimelinesAI posts them: unsigned, one event type each. A third of the
/// received-message deliveries carry `"event_type": "message:new"`, as the documentation's own
/// example for `message:received:new` does; their content says what they are. Deliveries
/// alternate between the older examples' form and the newer one's, which adds `chat_type`,
/// `platform` and `whatsapp_account_wid` and prints the phone as bare digits.
extension FakeTimelinesAIState {
    func chatObject(_ chat: FakeTimelinesAIChat, newerForm: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("full_name", .string(chat.name)), ("chat_url", .string("https://app.timelines.ai/chat/\(chat.id)/messages/")),
            ("chat_id", .number(Double(chat.id))), ("is_group", .bool(chat.isGroup)), ("phone", .string(chat.phone)),
            ("responsible_name", responsibleName(of: chat)), ("responsible_email", chat.responsible.map { .string($0) } ?? .null),
        ]
        if newerForm {
            pairs[4].1 = .string(chat.phone.filter(\.isNumber))
            pairs.insert(contentsOf: [("chat_type", chat.isGroup ? "group" : "direct"), ("platform", "whatsapp")], at: 4)
        }
        return .object(pairs)
    }

    func accountObject(newerForm: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("full_name", .string(Self.account.name)), ("email", .string(Self.account.email)), ("phone", .string(Self.account.phone))]
        if newerForm { pairs.append(("whatsapp_account_wid", .string(Self.account.jid))) }
        return .object(pairs)
    }

    mutating func messageDelivery(_ message: FakeTimelinesAIMessage, in chat: FakeTimelinesAIChat) -> JSONValue {
        receivedDeliveries += 1
        let newerForm = takeDeliveryForm()
        let type = message.fromMe ? "message:sent:new" : (receivedDeliveries % 3 == 0 ? "message:new" : "message:received:new")
        let customer: JSONValue = ["full_name": .string(chat.name), "phone": .string(chat.phone)]
        let account: JSONValue = ["full_name": .string(Self.account.name), "phone": .string(Self.account.phone)]
        return [
            "event_type": .string(type), "chat": chatObject(chat, newerForm: newerForm), "whatsapp_account": accountObject(newerForm: newerForm),
            "message": [
                "text": .string(message.text), "direction": message.fromMe ? "sent" : "received", "origin": .string(message.origin),
                "timestamp": .string(Self.stamp(message.time)), "message_uid": .string(message.uid),
                "sender": message.fromMe ? account : customer, "recipient": message.fromMe ? customer : account,
                "reply_to_uid": .null, "attachments": [],
            ],
        ]
    }

    mutating func chatDelivery(_ type: String, _ chat: FakeTimelinesAIChat) -> JSONValue {
        let newerForm = takeDeliveryForm()
        return ["event_type": .string(type), "chat": chatObject(chat, newerForm: newerForm), "whatsapp_account": accountObject(newerForm: newerForm)]
    }

    /// Whether the next delivery takes the newer form: every other one does.
    private mutating func takeDeliveryForm() -> Bool {
        deliveryNumber += 1
        return deliveryNumber.isMultiple(of: 2)
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
