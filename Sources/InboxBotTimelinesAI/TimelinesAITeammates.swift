import InboxBotCore

/// `{teams: [...], teammates: [...]}`; a teammate without an email is left out.
struct TimelinesAITeammates: Decodable, Sendable {
    let teammates: [TimelinesAITeammate]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        let listed = (try? object.decodeIfPresent([Lenient<TimelinesAITeammate>].self, forKey: JSONKey("teammates"))).flatMap { $0 } ?? []
        teammates = listed.compactMap(\.value)
    }
}
