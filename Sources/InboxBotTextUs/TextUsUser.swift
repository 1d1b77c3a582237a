import InboxBotCore

/// A user of the account, as `GET /{account}/users` lists them.
struct TextUsUser: Decodable, Sendable, Hashable {
    let id: String
    let name: String?
    let email: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        name = object.lenientString("name")
        email = object.lenientString("email")
    }
}
