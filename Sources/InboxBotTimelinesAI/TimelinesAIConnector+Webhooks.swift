import InboxBotCore

/// `inboxbot register-webhooks` on TimelinesAI: one hook per event type (a workspace has at
/// most 10), registered only where none with the same type and URL exists, and enabled again
/// where one was disabled. `message:new` brings messages both ways in one hook.
extension TimelinesAIConnector: WebhookRegistration {
    static let eventTypes = ["message:new", "chat:created", "chat:assigned", "chat:unassigned"]

    public func registerWebhooks(at url: String) async throws -> [String] {
        let existing = try await client.webhooks()
        var lines: [String] = []
        for eventType in Self.eventTypes {
            if let hook = existing.first(where: { $0.eventType == eventType && $0.url == url }) {
                if hook.enabled {
                    lines.append("\(eventType): already registered (hook \(hook.id))")
                } else {
                    try await client.enableWebhook(id: hook.id, url: url)
                    lines.append("\(eventType): enabled again (hook \(hook.id))")
                }
            } else {
                let hook = try await client.registerWebhook(eventType: eventType, url: url)
                lines.append("\(eventType): registered (hook \(hook.id))")
            }
        }
        let others = existing.filter { $0.url != url }.count
        if others + Self.eventTypes.count > 10 {
            lines.append("note: the workspace has \(others) other hook(s); TimelinesAI allows 10 in all unless more are bought")
        }
        return lines
    }
}
