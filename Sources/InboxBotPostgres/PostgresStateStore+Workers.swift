import Foundation
import PostgresNIO

/// What `inboxbot status` shows of the workers sharing the database, and how they wake
/// each other.
extension PostgresStateStore {
    public struct WorkerReport: Sendable {
        public let owner: String
        public let secondsSinceSeen: Double
        public let secondsRunning: Double
        /// Seen within its lease period: it counts in the fair share of shards.
        public let isLive: Bool
        /// Shards held now (unexpired leases).
        public let shards: Int
        public let events: Int
        public let actions: Int
    }

    /// The workers with a heartbeat, most recently seen first.
    public func workerReports() async throws -> [WorkerReport] {
        let rows = try await client.answeredQuery("""
            SELECT w.owner, \(unescaped: Self.databaseNow) - w.seen_at, \(unescaped: Self.databaseNow) - w.started_at, w.lease_seconds, w.events, w.actions,
                (SELECT COUNT(*) FROM \(unescaped: tables.shards) s WHERE s.owner = w.owner AND s.expires_at >= \(unescaped: Self.databaseNow))
            FROM \(unescaped: tables.workers) w ORDER BY w.seen_at DESC, w.owner
            """, logger: logger)
        var reports: [WorkerReport] = []
        for try await (owner, seen, running, lease, events, actions, shards) in rows.decode((String, Double, Double, Double, Int, Int, Int).self) {
            reports.append(WorkerReport(owner: owner, secondsSinceSeen: seen, secondsRunning: running, isLive: seen <= lease, shards: shards,
                                        events: events, actions: actions))
        }
        return reports
    }

    /// How many shards no live worker holds now: their conversations wait.
    public func unheldShards() async throws -> Int {
        let rows = try await client.answeredQuery("SELECT COUNT(*) FROM \(unescaped: tables.shards) WHERE expires_at < \(unescaped: Self.databaseNow)", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// The leases held now (the poller's): name, owner, epoch and seconds left.
    public func leaseHolders() async throws -> [(name: String, owner: String, epoch: Int, secondsLeft: Double)] {
        let rows = try await client.answeredQuery("""
            SELECT name, owner, epoch, expires_at - \(unescaped: Self.databaseNow) FROM \(unescaped: tables.leases)
            WHERE expires_at >= \(unescaped: Self.databaseNow) ORDER BY name
            """, logger: logger)
        var holders: [(name: String, owner: String, epoch: Int, secondsLeft: Double)] = []
        for try await (name, owner, epoch, left) in rows.decode((String, String, Int, Double).self) { holders.append((name, owner, epoch, left)) }
        return holders
    }

    /// Calls `wake` with each notification's payload (`inbox`, `outbox`) that the workers on
    /// this schema send, until cancelled or the connection fails. Notifications only make
    /// work found sooner; the tables stay the truth.
    public func listen(_ wake: @Sendable (String) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: tables.channel) { notifications in
                for try await notification in notifications { await wake(notification.payload) }
            }
        }
    }
}
