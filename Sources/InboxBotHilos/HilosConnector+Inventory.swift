import InboxBotCore

extension HilosConnector {
    /// The account's members and its approved WhatsApp templates, with the number of
    /// variables each body takes. Tags are written by name (a new name makes a new tag), so
    /// there is no list to check them against.
    public func inventory() async throws -> PlatformInventory {
        async let members = client.members()
        async let templates = client.approvedTemplates()
        return PlatformInventory(
            users: try await members.map { .init(id: String($0.id), email: $0.email, name: $0.name) },
            templates: try await templates.map { .init(name: $0.name, language: $0.language, parameters: $0.parameters) })
    }
}
