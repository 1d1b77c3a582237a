import Foundation
import InboxBotCore

/// A chat: one WhatsApp conversation of a connected account. `responsible` comes as
/// `responsible_email` in lists and as `responsible` in the guide's short form; links may be
/// absolute (docs) or relative (live); several fields may be null.
struct TimelinesAIChat: Decodable, Sendable {
    var id: TimelinesAIID
    var name: String?
    var phone: String?
    var closed: Bool
    var labels: [String]
    var responsibleEmail: String?
    var responsibleName: String?
    var whatsappAccountID: String?
    var createdAt: Date?
    var lastMessageUID: String?
    var lastMessageAt: Date?

    /// A chat as a webhook delivery describes it, when nothing more is known: open, unlabelled.
    init(id: TimelinesAIID, name: String?, phone: String?, responsibleEmail: String?, responsibleName: String?) {
        self.id = id
        self.name = name
        self.phone = phone
        closed = false
        labels = []
        self.responsibleEmail = responsibleEmail
        self.responsibleName = responsibleName
        whatsappAccountID = nil
        createdAt = nil
        lastMessageUID = nil
        lastMessageAt = nil
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(TimelinesAIID.self, forKey: JSONKey("id"))
        name = object.lenientString("name")
        phone = object.timelinesPhone("phone")
        closed = object.lenientBool("closed") ?? false
        labels = (try? object.decodeIfPresent([String].self, forKey: JSONKey("labels"))).flatMap { $0 } ?? []
        responsibleEmail = (object.lenientString("responsible_email") ?? object.lenientString("responsible")).flatMap { $0.isEmpty ? nil : $0 }
        responsibleName = object.lenientString("responsible_name")
        whatsappAccountID = object.lenientString("whatsapp_account_id")
        createdAt = object.timelinesTime("created_timestamp")
        lastMessageUID = object.lenientString("last_message_uid")
        lastMessageAt = object.timelinesTime("last_message_timestamp")
    }
}
