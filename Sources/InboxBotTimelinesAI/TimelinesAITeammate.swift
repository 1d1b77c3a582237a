import InboxBotCore

/// A member of the workspace, whom chats can be assigned to by email.
struct TimelinesAITeammate: Decodable, Sendable, Hashable {
    let email: String
    let name: String?

    init(email: String, name: String?) {
        self.email = email
        self.name = name
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        guard let email = object.lenientString("email"), !email.isEmpty else {
            throw DecodingError.keyNotFound(JSONKey("email"), .init(codingPath: decoder.codingPath, debugDescription: "a teammate has no email"))
        }
        self.email = email
        name = object.lenientString("display_name") ?? object.lenientString("name")
    }
}
