import Foundation
import InboxBotCore

/// A link-typed field: TextUs gives the IRI as a string in some answers and the whole object
/// in others (`requestingUserInfo`, `assignments`, `sender`). Both are read; an object's
/// `id` is the link, and its `name` and `email` are kept when it has them.
struct TextUsLink: Decodable, Sendable, Hashable {
    let id: String
    let name: String?
    let email: String?

    init(id: String, name: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
    }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(id: text)
            return
        }
        let object = try decoder.container(keyedBy: JSONKey.self)
        self.init(id: try object.decode(String.self, forKey: JSONKey("id")),
                  name: try? object.decodeIfPresent(String.self, forKey: JSONKey("name")),
                  email: try? object.decodeIfPresent(String.self, forKey: JSONKey("email")))
    }
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// A time the API prints with any number of fractional digits and any offset; nil when
    /// it is absent, null or unreadable.
    func time(_ key: String) -> Date? {
        lenientString(key).flatMap(Timestamp.parse)
    }

    func link(_ key: String) -> TextUsLink? {
        (try? decodeIfPresent(TextUsLink.self, forKey: JSONKey(key))).flatMap { $0 }
    }
}
