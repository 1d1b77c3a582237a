import InboxBotCore

/// A team, as account members list theirs (`teams: [{id, name}]`, the objects' fields
/// inferred): a conversation's `assigned_team` is its integer id, rules name it.
struct HilosTeam: Decodable, Sendable, Hashable {
    let id: Int
    let name: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        guard let id = (try? object.decode(Int.self, forKey: JSONKey("id"))) ?? object.lenientString("id").flatMap({ Int($0) }) else {
            throw DecodingError.keyNotFound(JSONKey("id"), .init(codingPath: decoder.codingPath, debugDescription: "a team has no numeric id"))
        }
        self.id = id
        name = object.lenientString("name").flatMap { $0.isEmpty ? nil : $0 }
    }
}
