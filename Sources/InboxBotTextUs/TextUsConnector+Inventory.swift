import InboxBotCore

extension TextUsConnector {
    /// The account's users; TextUs has no tags or WhatsApp templates, and one channel.
    public func inventory() async throws -> PlatformInventory {
        PlatformInventory(users: try await client.users().map { .init(id: $0.id, email: $0.email, name: $0.name) })
    }
}
