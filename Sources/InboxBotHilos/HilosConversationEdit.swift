import InboxBotCore

/// A conversation as an update returns it (`ConversationEdit`): `assigned` as ids or as users,
/// `tags` as names or as `{id, name}`; what the connector checks a change against.
struct HilosConversationEdit: Decodable, Sendable {
    let status: String?
    let assigned: [Int]?
    let tags: [String]?
    /// nil when the answer leaves it out; `.some(nil)` for no team.
    let assignedTeam: Int??

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        status = object.lenientString("status")?.uppercased()
        if !object.contains(JSONKey("assigned_team")) {
            assignedTeam = nil
        } else if try object.decodeNil(forKey: JSONKey("assigned_team")) {
            assignedTeam = .some(nil)
        } else {
            assignedTeam = (try? object.decode(Int.self, forKey: JSONKey("assigned_team"))) ?? object.lenientString("assigned_team").flatMap { Int($0) }
        }
        if let ids = try? object.decodeIfPresent([Int].self, forKey: JSONKey("assigned")) {
            assigned = ids
        } else {
            assigned = (try? object.decodeIfPresent([HilosUser].self, forKey: JSONKey("assigned")))?.map { $0.map(\.id) } ?? nil
        }
        if let names = try? object.decodeIfPresent([String].self, forKey: JSONKey("tags")) {
            tags = names
        } else {
            tags = (try? object.decodeIfPresent([Named].self, forKey: JSONKey("tags")))?.map { $0.map(\.name) } ?? nil
        }
    }

    private struct Named: Decodable {
        let name: String
    }
}
