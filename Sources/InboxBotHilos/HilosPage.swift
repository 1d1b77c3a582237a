import InboxBotCore

/// A page of a list, Django REST Framework style: `{count, next, previous, results}`, where
/// `next` is the absolute URL of the next page or null.
struct HilosPage<Item: Decodable & Sendable>: Decodable, Sendable {
    let count: Int?
    let next: String?
    let results: [Item]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        count = try? object.decodeIfPresent(Int.self, forKey: JSONKey("count"))
        next = object.lenientString("next").flatMap { $0.isEmpty ? nil : $0 }
        results = try object.decode([Item].self, forKey: JSONKey("results"))
    }
}
