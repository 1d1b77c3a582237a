import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Chats, messages and times as TimelinesAI prints them, with the variations seen between the
/// documentation and the live API.
extension FakeTimelinesAIState {
    /// `2026-05-18 10:44:21 +0300`: the workspace's local time, no `T`, no fraction. The
    /// workspace is in Israel, so its offset is `+0300` in summer and `+0200` in winter, and one
    /// chat's times can differ in offset (`created_timestamp` against `last_message_timestamp`).
    static func stamp(_ date: Date) -> String {
        let month = Int(Timestamp.format(date).dropFirst(5).prefix(2)) ?? 1
        return FakeTimestamp.spaced(date, offsetSeconds: (4...10).contains(month) ? 3 * 3600 : 2 * 3600)
    }

    /// A chat id as this answer prints it: an integer live, a string in the documentation.
    func chatID(_ id: Int) -> JSONValue {
        answerNumber.isMultiple(of: 3) ? .string(String(id)) : .number(Double(id))
    }

    func chatJSON(_ chat: FakeTimelinesAIChat) -> JSONValue {
        let last = history(of: chat.id).last { !$0.isNote }
        // The documentation prints absolute links; the live API relative ones.
        let url = (answerNumber.isMultiple(of: 2) ? "https://app.timelines.ai" : "") + "/chat/\(chat.id)/messages/"
        var pairs: [(String, JSONValue)] = [
            ("id", chatID(chat.id)), ("name", .string(chat.name)), ("phone", chat.isGroup ? .null : .string(chat.phone)),
            ("jid", .string(chat.phone.filter(\.isNumber) + (chat.isGroup ? "@g.us" : "@s.whatsapp.net"))), ("is_group", .bool(chat.isGroup)),
            ("closed", .bool(chat.closed)), ("read", .bool(chat.read)), ("labels", .array(chat.labels.map { .string($0) })),
            ("chatgpt_autoresponse_enabled", false),
            ("whatsapp_account_id", .string(Self.account.jid)), ("chat_url", .string(url)),
            ("created_timestamp", .string(Self.stamp(chat.createdAt))),
            ("last_message_uid", last.map { .string($0.uid) } ?? .null),
            ("last_message_timestamp", last.map { .string(Self.stamp($0.time)) } ?? .null),
            ("unattended", false), ("photo", .string("/avatars/\(chat.id).jpeg")), ("is_allowed_to_message", true),
        ]
        // The "managing chats" guide prints a short form: `responsible`, an email, and no name.
        if answerNumber % 4 == 1 {
            pairs.insert(("responsible", chat.responsible.map { .string($0) } ?? .null), at: 9)
        } else {
            pairs.insert(contentsOf: [("responsible_email", chat.responsible.map { .string($0) } ?? .null), ("responsible_name", responsibleName(of: chat))], at: 9)
        }
        if chat.isGroup { pairs.append(("group_members", .array([]))) }
        return .object(pairs)
    }

    func responsibleName(of chat: FakeTimelinesAIChat) -> JSONValue {
        chat.responsible.map { email in .string(teammates.first { $0.email == email }?.name ?? email) } ?? .null
    }

    /// A message; the seed page's one exactly as the documentation prints it.
    func messageJSON(_ message: FakeTimelinesAIMessage) -> JSONValue {
        if let verbatim = message.verbatim, let value = try? JSONValue.parse(verbatim) { return value }
        let chat = chats[message.chatID]
        let customerName = chat?.name ?? "", customerPhone = chat?.phone ?? ""
        let senderName: String = message.senderName ?? (message.fromMe ? Self.account.name : customerName)
        let senderPhone: String = message.fromMe ? Self.account.phone : customerPhone
        let recipientName: String = message.fromMe ? customerName : Self.account.name
        let recipientPhone: String = message.fromMe ? customerPhone : Self.account.phone
        let reactions: JSONValue = .object([("users", .array([])), ("reactions", .object([])), ("total", .number(0))])
        let pairs: [(String, JSONValue)] = [
            ("uid", .string(message.uid)), ("chat_id", chatID(message.chatID)), ("timestamp", .string(Self.stamp(message.time))),
            ("sender_phone", .string(senderPhone)), ("sender_name", .string(senderName)),
            ("recipient_phone", .string(recipientPhone)), ("recipient_name", .string(recipientName)),
            ("from_me", .bool(message.fromMe)), ("text", .string(message.text)), ("status", .string(status(of: message))),
            ("origin", .string(message.origin)), ("has_attachment", .bool(false)), ("attachment_url", .null), ("attachment_filename", .null),
            ("message_type", .string(message.isNote ? "Note" : "whatsapp")), ("data", .object([("whatsapp_from_me", .bool(message.fromMe))])),
            ("created_by", message.createdBy.map { .string($0) } ?? .null), ("reactions", reactions),
        ]
        return .object(pairs)
    }

    /// Inbound messages say `Not connected` live, which is no error; sends move from Pending.
    func status(of message: FakeTimelinesAIMessage) -> String {
        guard message.fromMe else { return "Not connected" }
        guard let sentAt = message.sentAt, sentAt <= now else { return "Pending" }
        let age = now.timeIntervalSince(sentAt)
        return age < 1 ? "Sent" : age < 5 ? "Delivered" : "Read"
    }
}
