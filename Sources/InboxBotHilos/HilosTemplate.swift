import InboxBotCore

/// A WhatsApp template as Hilos lists it; rules name it by name and language.
struct HilosTemplate: Decodable, Sendable {
    let id: String
    let name: String
    let language: String?
    let status: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        name = try object.decode(String.self, forKey: JSONKey("name"))
        language = object.lenientString("language")
        status = object.lenientString("status")?.lowercased()
    }
}
