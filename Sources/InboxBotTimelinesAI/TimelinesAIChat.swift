import Foundation
import InboxBotCore

/// A chat: one WhatsApp conversation of a connected account. `responsible` comes as
/// `responsible_email` in lists and as `responsible` in the guide's short form; links may be
/// absolute (docs) or relative (live); several fields may be null.
struct TimelinesAIChat: Decodable, Sendable {
    let id: TimelinesAIID
    let name: String?
    let phone: String?
    let isGroup: Bool
    let closed: Bool
    let read: Bool?
    let labels: [String]
    let responsibleEmail: String?
    let responsibleName: String?
    let whatsappAccountID: String?
    let createdAt: Date?
    let lastMessageUID: String?
    let lastMessageAt: Date?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(TimelinesAIID.self, forKey: JSONKey("id"))
        name = object.text("name")
        phone = object.text("phone")
        isGroup = object.flag("is_group") ?? false
        closed = object.flag("closed") ?? false
        read = object.flag("read")
        labels = (try? object.decodeIfPresent([String].self, forKey: JSONKey("labels"))).flatMap { $0 } ?? []
        responsibleEmail = (object.text("responsible_email") ?? object.text("responsible")).flatMap { $0.isEmpty ? nil : $0 }
        responsibleName = object.text("responsible_name")
        whatsappAccountID = object.text("whatsapp_account_id")
        createdAt = object.timelinesTime("created_timestamp")
        lastMessageUID = object.text("last_message_uid")
        lastMessageAt = object.timelinesTime("last_message_timestamp")
    }
}
