import InboxBotCore

/// `{labels: [...]}`.
struct TimelinesAILabels: Decodable, Sendable {
    let labels: [String]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        labels = (try? object.decodeIfPresent([String].self, forKey: JSONKey("labels"))).flatMap { $0 } ?? []
    }
}
