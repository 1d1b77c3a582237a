import Foundation
import InboxBotCore

/// A message, as a conversation's `first_message` carries it: the only message Hilos's API
/// shows. `direction` is a free string in the schema (the documentation's example prints
/// `<string>`), so a message whose direction says neither way is inbound when its `source` is
/// `INBOUND`, and outbound otherwise.
struct HilosMessage: Decodable, Sendable {
    let id: String
    let body: String?
    let inbound: Bool
    let time: Date?
    let type: String?
    let sentBy: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        body = object.lenientString("body")
        let direction = object.lenientString("direction")?.lowercased() ?? ""
        if direction.hasPrefix("in") {
            inbound = true
        } else if direction.hasPrefix("out") {
            inbound = false
        } else {
            inbound = object.lenientString("source")?.uppercased() == "INBOUND"
        }
        time = object.lenientString("timestamp").flatMap(Timestamp.parse)
        type = object.lenientString("msg_type")
        sentBy = (try? object.decodeIfPresent(HilosUser.self, forKey: JSONKey("sent_by")))?.flatMap(\.email)
    }
}
