import Foundation
import InboxBotCore

/// The workspace's users, tags and channels, read from Hatif and shared by every part of
/// the connector (poller, webhooks, actions, history), so that one read serves them all.
///
/// Lists are read again every `refreshSeconds`, and at once when a name, email or id is
/// not found, at most every `missRefreshSeconds` per list: an agent or tag added in Hatif
/// after the worker started is found without a restart, and a rule naming one that does
/// not exist cannot make the worker read the list on every action.
public actor HatifDirectory {
    struct Listing<Item: Sendable>: Sendable {
        var items: [Item]
        var readAt: ContinuousClock.Instant
    }

    let client: HatifClient
    let refreshSeconds: Double
    let missRefreshSeconds: Double
    private var users: Listing<HatifUser>?
    private var tags: Listing<HatifTag>?
    private var channels: Listing<HatifChannel>?
    private var properties: Listing<HatifPropertyDefinition>?

    public init(client: HatifClient, refreshSeconds: Double = 300, missRefreshSeconds: Double = 5) {
        self.client = client
        self.refreshSeconds = refreshSeconds
        self.missRefreshSeconds = missRefreshSeconds
    }

    // MARK: Lookups

    /// The mapper with the users and tags known now. When `conversations` name tags by id
    /// only and an id is unknown, the tags are read again first (within the miss bound).
    public func mapper(for conversations: [HatifConversation] = []) async throws(HatifError) -> HatifEventMapper {
        let wanted = Set(conversations.flatMap { ($0.tags ?? []).filter { $0.name == nil }.map(\.id) })
        var known = try await tagList(afterMiss: false)
        if !wanted.isSubset(of: known.map(\.id)) { known = try await tagList(afterMiss: true) }
        return HatifEventMapper(users: try await userList(afterMiss: false), tags: known)
    }

    public func user(email: String) async throws(HatifError) -> HatifUser? {
        try await find(in: userList) { $0.email?.caseInsensitiveCompare(email) == .orderedSame }
    }

    public func tag(named name: String) async throws(HatifError) -> HatifTag? {
        let key = TextFolding.key(name)
        return try await find(in: tagList) { $0.name.map(TextFolding.key) == key }
    }

    /// A channel by id, or else by name (case-insensitive).
    public func channel(_ idOrName: String) async throws(HatifError) -> HatifChannel? {
        try await find(in: channelList) { $0.id == idOrName || $0.name?.caseInsensitiveCompare(idOrName) == .orderedSame }
    }

    public func channelNames() async throws(HatifError) -> [String] {
        try await channelList(afterMiss: false).compactMap(\.name)
    }

    public func channelIDs() async throws(HatifError) -> [String] {
        try await channelList(afterMiss: false).map(\.id)
    }

    /// A contact property by its key or name (folded).
    public func contactProperty(named name: String) async throws(HatifError) -> HatifPropertyDefinition? {
        try await find(in: propertyList) { $0.isNamed(name) }
    }

    public func contactPropertyNames() async throws(HatifError) -> [String] {
        try await propertyList(afterMiss: false).compactMap { $0.key ?? $0.name }
    }

    /// A tag the connector just created, known from now on without a read.
    public func remember(_ tag: HatifTag) {
        tags?.items.append(tag)
    }

    // MARK: Reading and refreshing

    private func find<Item>(
        in list: (Bool) async throws(HatifError) -> [Item], where matches: (Item) -> Bool
    ) async throws(HatifError) -> Item? {
        if let found = try await list(false).first(where: matches) { return found }
        return try await list(true).first(where: matches)
    }

    private func userList(afterMiss: Bool) async throws(HatifError) -> [HatifUser] {
        if let users, isFresh(users.readAt, afterMiss: afterMiss) { return users.items }
        let items = try await client.workspaceUsers()
        users = Listing(items: items, readAt: .now)
        return items
    }

    private func tagList(afterMiss: Bool) async throws(HatifError) -> [HatifTag] {
        if let tags, isFresh(tags.readAt, afterMiss: afterMiss) { return tags.items }
        let items = try await client.tags()
        tags = Listing(items: items, readAt: .now)
        return items
    }

    private func channelList(afterMiss: Bool) async throws(HatifError) -> [HatifChannel] {
        if let channels, isFresh(channels.readAt, afterMiss: afterMiss) { return channels.items }
        let items = try await client.channels()
        channels = Listing(items: items, readAt: .now)
        return items
    }

    private func propertyList(afterMiss: Bool) async throws(HatifError) -> [HatifPropertyDefinition] {
        if let properties, isFresh(properties.readAt, afterMiss: afterMiss) { return properties.items }
        let items = try await client.contactPropertyDefinitions()
        properties = Listing(items: items, readAt: .now)
        return items
    }

    /// Whether a list read at `readAt` is still used: within `refreshSeconds`, and after a
    /// miss, only while it was read less than `missRefreshSeconds` ago.
    private func isFresh(_ readAt: ContinuousClock.Instant, afterMiss: Bool) -> Bool {
        let age = ContinuousClock.now - readAt
        return age < .clampedSeconds(afterMiss ? missRefreshSeconds : refreshSeconds)
    }
}
