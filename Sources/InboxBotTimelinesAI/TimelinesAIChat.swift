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
        name = object.lenientString("name")
        phone = object.lenientString("phone")
        isGroup = object.lenientBool("is_group") ?? false
        closed = object.lenientBool("closed") ?? false
        read = object.lenientBool("read")
        labels = (try? object.decodeIfPresent([String].self, forKey: JSONKey("labels"))).flatMap { $0 } ?? []
        responsibleEmail = (object.lenientString("responsible_email") ?? object.lenientString("responsible")).flatMap { $0.isEmpty ? nil : $0 }
        responsibleName = object.lenientString("responsible_name")
        whatsappAccountID = object.lenientString("whatsapp_account_id")
        createdAt = object.timelinesTime("created_timestamp")
        lastMessageUID = object.lenientString("last_message_uid")
        lastMessageAt = object.timelinesTime("last_message_timestamp")
    }
}
