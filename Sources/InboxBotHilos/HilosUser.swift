import InboxBotCore

/// A member of the Hilos account (`/api/account-member`, a conversation's `assigned`, a
/// message's `sent_by`): assignment is by its integer id, rules name it by email.
struct HilosUser: Decodable, Sendable, Hashable {
    let id: Int
    let email: String?
    let name: String?
    /// The member's teams, when the answer lists them (account members do).
    let teams: [HilosTeam]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        guard let id = (try? object.decode(Int.self, forKey: JSONKey("id"))) ?? object.lenientString("id").flatMap({ Int($0) }) else {
            throw DecodingError.keyNotFound(JSONKey("id"), .init(codingPath: decoder.codingPath, debugDescription: "a user has no numeric id"))
        }
        self.id = id
        email = object.lenientString("email").flatMap { $0.isEmpty ? nil : $0 }
        let name = [object.lenientString("first_name"), object.lenientString("last_name")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        self.name = name.isEmpty ? nil : name
        teams = (try? object.decodeIfPresent([Lenient<HilosTeam>].self, forKey: JSONKey("teams")))?.compactMap(\.value) ?? []
    }
}
