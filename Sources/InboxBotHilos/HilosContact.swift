import InboxBotCore

/// A contact: whom a conversation is with, and the phone a template is sent to.
struct HilosContact: Decodable, Sendable {
    let id: String
    let phone: String?
    let name: String?
    /// Custom fields; Hilos keeps their values as text. Empty where the answer has none.
    let meta: [String: String]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        let fields = try? object.decode([String: Lenient<String>].self, forKey: JSONKey("meta"))
        meta = (fields ?? [:]).compactMapValues(\.value)
        phone = object.lenientString("canonical_phone") ?? object.lenientString("phone")
        let name = [object.lenientString("first_name"), object.lenientString("last_name")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        self.name = name.isEmpty ? nil : name
    }
}
