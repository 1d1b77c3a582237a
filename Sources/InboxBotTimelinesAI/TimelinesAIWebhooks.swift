import InboxBotCore

/// The workspace's webhooks, listed as an array or as `{webhooks: [...]}`.
struct TimelinesAIWebhooks: Decodable, Sendable {
    let webhooks: [TimelinesAIWebhook]

    init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([TimelinesAIWebhook].self) {
            webhooks = list
        } else {
            let object = try decoder.container(keyedBy: JSONKey.self)
            webhooks = try object.decodeIfPresent([TimelinesAIWebhook].self, forKey: JSONKey("webhooks")) ?? []
        }
    }
}
