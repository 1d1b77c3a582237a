import InboxBotCore

extension TimelinesAIConnector {
    /// The workspace's teammates (TimelinesAI accepts an assignment to any email without
    /// complaint, so this is where a wrong one is caught). Labels are free text, created when
    /// first added; WhatsApp accounts are not read for the check.
    public func inventory() async throws -> PlatformInventory {
        let teammates = try await client.teammates()
        return PlatformInventory(users: teammates.map { .init(id: $0.email, email: $0.email, name: $0.name) })
    }
}
