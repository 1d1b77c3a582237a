import Foundation
import InboxBotCore

/// A `hydra:Collection` page: its members, the opaque `view.next` link (nil on the last
/// page), and a timeline's `latestPosition`. A member that cannot be read fails the page
/// with where it is, rather than vanish.
struct TextUsCollection<Member: Decodable & Sendable>: Decodable, Sendable {
    let members: [Member]
    let totalItems: Int?
    let next: String?
    let latestPosition: Date?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        members = try object.decodeIfPresent([Member].self, forKey: JSONKey("members")) ?? []
        totalItems = try? object.decodeIfPresent(Int.self, forKey: JSONKey("totalItems"))
        let view = try? object.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("view"))
        next = view?.lenientString("next").flatMap { $0.isEmpty ? nil : $0 }
        latestPosition = object.time("latestPosition")
    }
}
