import Foundation
import Logging
import PostgresNIO

/// The shard leases and the heartbeats of the workers that share one database, as one
/// worker (`owner`) uses them. Each shard is leased like `PostgresLease`: an owner, an epoch
/// raised at every taking, and an expiry by the database's clock. Shards are taken with
/// `FOR UPDATE SKIP LOCKED`, so workers taking at once never wait on each other nor take
/// the same shard, and never one that a write in progress holds (`FOR KEY SHARE`, which only
/// a taking conflicts with). Renewals and releases take `FOR NO KEY UPDATE`, which writes do
/// not conflict with: the keeper and the writes never wait on each other.
public struct PostgresShardLeases: Sendable {
    public let owner: String
    /// How long a shard lease, and a heartbeat, lasts unrenewed.
    public let seconds: Double
    let store: PostgresStateStore

    public init(store: PostgresStateStore, owner: String, seconds: Double) {
        self.store = store.whole
        self.owner = owner
        self.seconds = seconds
    }

    private var client: PostgresClient { store.client }
    private var tables: PostgresStateStore.Tables { store.tables }
    private var logger: Logger { store.logger }
    private var now: String { PostgresStateStore.databaseNow }

    /// Records that this worker lives, with what it has done, and forgets workers unseen for
    /// a hundred lease periods; returns how many workers live now (seen within a lease period).
    public func heartbeat(events: Int, actions: Int) async throws -> Int {
        try await client.answeredQuery("""
            INSERT INTO \(unescaped: tables.workers) (owner, started_at, seen_at, lease_seconds, events, actions)
            VALUES (\(owner), \(unescaped: now), \(unescaped: now), \(seconds), \(events), \(actions))
            ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at, events = excluded.events, actions = excluded.actions
            """, logger: logger)
        try await client.answeredQuery("DELETE FROM \(unescaped: tables.workers) WHERE seen_at < \(unescaped: now) - \(seconds * 100)", logger: logger)
        let rows = try await client.answeredQuery("SELECT COUNT(*) FROM \(unescaped: tables.workers) WHERE seen_at >= \(unescaped: now) - lease_seconds", logger: logger)
        for try await count in rows.decode(Int.self) { return max(1, count) }
        return 1
    }

    /// Extends the leases held at these epochs; returns the shards still held (the others
    /// expired, or were taken since).
    public func renew(_ epochs: [Int: Int]) async throws -> Set<Int> {
        guard !epochs.isEmpty else { return [] }
        let rows = try await client.answeredQuery("""
            WITH mine AS (
                SELECT s.shard FROM \(unescaped: tables.shards) s
                JOIN unnest(\(Array(epochs.keys))::bigint[], \(Array(epochs.values))::bigint[]) AS m(shard, epoch) ON s.shard = m.shard AND s.epoch = m.epoch
                WHERE s.owner = \(owner) AND s.expires_at >= \(unescaped: now) ORDER BY s.shard FOR NO KEY UPDATE OF s
            )
            UPDATE \(unescaped: tables.shards) SET expires_at = \(unescaped: now) + \(seconds) WHERE shard IN (SELECT shard FROM mine)
            RETURNING shard
            """, logger: logger)
        var held: Set<Int> = []
        for try await shard in rows.decode(Int.self) { held.insert(shard) }
        return held
    }

    /// Takes up to `count` shards that are free or whose lease expired; their new epochs.
    public func claim(upTo count: Int) async throws -> [Int: Int] {
        guard count > 0 else { return [:] }
        let rows = try await client.answeredQuery("""
            UPDATE \(unescaped: tables.shards) SET owner = \(owner), epoch = epoch + 1, expires_at = \(unescaped: now) + \(seconds)
            WHERE shard IN (SELECT shard FROM \(unescaped: tables.shards) WHERE expires_at < \(unescaped: now) ORDER BY shard LIMIT \(count) FOR UPDATE SKIP LOCKED)
            RETURNING shard, epoch
            """, logger: logger)
        var taken: [Int: Int] = [:]
        for try await (shard, epoch) in rows.decode((Int, Int).self) { taken[shard] = epoch }
        return taken
    }

    /// Gives shards up at once, so that another worker takes them without waiting for expiry.
    public func release(_ epochs: [Int: Int]) async throws {
        guard !epochs.isEmpty else { return }
        try await client.answeredQuery("""
            WITH mine AS (
                SELECT s.shard FROM \(unescaped: tables.shards) s
                JOIN unnest(\(Array(epochs.keys))::bigint[], \(Array(epochs.values))::bigint[]) AS m(shard, epoch) ON s.shard = m.shard AND s.epoch = m.epoch
                WHERE s.owner = \(owner) ORDER BY s.shard FOR NO KEY UPDATE OF s
            )
            UPDATE \(unescaped: tables.shards) SET expires_at = 0 WHERE shard IN (SELECT shard FROM mine)
            """, logger: logger)
    }

    /// A clean stop: the worker no longer counts among the living.
    public func leave() async throws {
        try await client.answeredQuery("DELETE FROM \(unescaped: tables.workers) WHERE owner = \(owner)", logger: logger)
    }
}
