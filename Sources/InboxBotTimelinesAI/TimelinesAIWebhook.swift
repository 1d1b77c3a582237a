import InboxBotCore

/// A registered webhook: `{id, event_type, url, enabled, errors_counter}`.
struct TimelinesAIWebhook: Decodable, Sendable, Hashable {
    let id: String
    let eventType: String
    let url: String
    let enabled: Bool

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(TimelinesAIID.self, forKey: JSONKey("id")).value
        eventType = object.lenientString("event_type") ?? ""
        url = object.lenientString("url") ?? ""
        enabled = object.lenientBool("enabled") ?? true
    }
}
