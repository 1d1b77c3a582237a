import Foundation
import InboxBotCore

/// A conversation as `/api/inbox/conversation` lists it: status, assignees, tags by name,
/// channel, and only its first message; there is no last-activity field. (Its team and
/// source are not read: no rule condition uses them yet.)
struct HilosConversation: Decodable, Sendable {
    let id: String
    let contact: String?
    let status: String
    let firstMessage: HilosMessage?
    let assigned: [HilosUser]
    let tags: [String]
    let createdAt: Date?
    let channel: Int?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        contact = object.lenientString("contact")
        status = object.lenientString("status")?.uppercased() ?? "NEW"
        firstMessage = try? object.decodeIfPresent(HilosMessage.self, forKey: JSONKey("first_message"))
        assigned = (try? object.decodeIfPresent([HilosUser].self, forKey: JSONKey("assigned"))).flatMap { $0 } ?? []
        tags = ((try? object.decodeIfPresent([Tag].self, forKey: JSONKey("tags"))).flatMap { $0 } ?? []).map(\.name)
        createdAt = object.lenientString("created_on").flatMap(Timestamp.parse)
        channel = try? object.decodeIfPresent(Int.self, forKey: JSONKey("channel"))
    }

    /// `{id, name}`: tags are written by name, their ids are Hilos's own.
    private struct Tag: Decodable {
        let name: String
    }

    /// Whether Hilos counts it as done: closed, or resolved and waiting on the satisfaction survey.
    var isClosed: Bool { HilosEventMapper.status(status) != .open }
}
