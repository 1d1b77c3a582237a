/// A list read from a platform (its users, its teammates) and shared by every part of a
/// connector. It is read again every `refreshSeconds`, and at once when a lookup misses, at
/// most every `missRefreshSeconds`, so that someone added after the worker started is found
/// without a restart, and a rule naming nobody cannot make it read the list on every action.
public actor RefreshingList<Item: Sendable, Failure: Error> {
    let refreshSeconds: Double
    let missRefreshSeconds: Double
    let load: @Sendable () async throws(Failure) -> [Item]
    private var cached: (items: [Item], readAt: ContinuousClock.Instant)?

    public init(refreshSeconds: Double = 300, missRefreshSeconds: Double = 5, load: @escaping @Sendable () async throws(Failure) -> [Item]) {
        self.refreshSeconds = refreshSeconds
        self.missRefreshSeconds = missRefreshSeconds
        self.load = load
    }

    /// The list as last read, read again when it is older than `refreshSeconds`.
    public func items() async throws(Failure) -> [Item] {
        try await list(afterMiss: false)
    }

    /// The first item that matches; on a miss, the list is read again (if it is older than
    /// `missRefreshSeconds`) and searched once more.
    public func first(where matches: @Sendable (Item) -> Bool) async throws(Failure) -> Item? {
        if let found = try await list(afterMiss: false).first(where: matches) { return found }
        return try await list(afterMiss: true).first(where: matches)
    }

    private func list(afterMiss: Bool) async throws(Failure) -> [Item] {
        if let cached, ContinuousClock.now - cached.readAt < .clampedSeconds(afterMiss ? missRefreshSeconds : refreshSeconds) {
            return cached.items
        }
        let items = try await load()
        cached = (items, .now)
        return items
    }
}
