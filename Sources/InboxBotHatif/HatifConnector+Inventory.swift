import InboxBotCore

extension HatifConnector {
    /// Users, tags and channels; Hatif lists no WhatsApp templates, so those are not checked.
    public func inventory() async throws -> PlatformInventory {
        async let users = client.workspaceUsers()
        async let tags = client.tags()
        async let channels = client.channels()
        return PlatformInventory(
            users: try await users.filter { !$0.isAIAgent }.map { .init(id: $0.userID ?? $0.id, email: $0.email, name: $0.name) },
            tags: try await tags.compactMap(\.name),
            channels: try await channels.map { .init(id: $0.id, name: $0.name) },
            templates: nil, createsMissingTags: platform.createsMissingTags)
    }
}
