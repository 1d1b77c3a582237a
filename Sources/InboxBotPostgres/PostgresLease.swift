import Foundation
import Logging
import PostgresNIO

/// A lease in the database: held by one owner until it expires, renewed while the owner
/// lives, taken over by another once it has expired. Each taking raises its epoch, so a
/// holder that lost it (paused past its expiry, cut off) finds out at its next renewal and
/// can never renew it back. Expiry is measured by the database's clock alone, so workers'
/// clocks may differ.
public struct PostgresLease: Sendable {
    public let name: String
    public let owner: String
    public let seconds: Double
    let client: PostgresClient
    let table: String
    let logger: Logger

    public init(store: PostgresStateStore, name: String, owner: String, seconds: Double) {
        self.name = name
        self.owner = owner
        self.seconds = seconds
        client = store.client
        table = store.tables.leases
        logger = store.logger
    }

    /// What holds the lease now: its owner, epoch and seconds left; nil when none does.
    public func holder() async throws -> (owner: String, epoch: Int, secondsLeft: Double)? {
        let rows = try await client.answeredQuery("""
            SELECT owner, epoch, expires_at - extract(epoch FROM clock_timestamp())::double precision FROM \(unescaped: table) WHERE name = \(name)
            """, logger: logger)
        for try await (owner, epoch, left) in rows.decode((String, Int, Double).self) where left > 0 { return (owner, epoch, left) }
        return nil
    }

    /// Takes the lease if it is free or expired; its new epoch, or nil while another holds it.
    public func acquire() async throws -> Int? {
        let rows = try await client.answeredQuery("""
            INSERT INTO \(unescaped: table) (name, owner, epoch, expires_at)
            VALUES (\(name), \(owner), 1, extract(epoch FROM clock_timestamp())::double precision + \(seconds))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, epoch = \(unescaped: table).epoch + 1, expires_at = excluded.expires_at
            WHERE \(unescaped: table).expires_at < extract(epoch FROM clock_timestamp())::double precision
            RETURNING epoch
            """, logger: logger)
        for try await epoch in rows.decode(Int.self) { return epoch }
        return nil
    }

    /// Extends the lease held at `epoch`; false when it was lost (expired, or taken since).
    public func renew(epoch: Int) async throws -> Bool {
        let rows = try await client.answeredQuery("""
            UPDATE \(unescaped: table) SET expires_at = extract(epoch FROM clock_timestamp())::double precision + \(seconds)
            WHERE name = \(name) AND owner = \(owner) AND epoch = \(epoch) AND expires_at >= extract(epoch FROM clock_timestamp())::double precision
            RETURNING epoch
            """, logger: logger)
        return rows.rows.count == 1
    }

    /// Gives the lease up at once, so that a standby takes over without waiting for expiry.
    public func release(epoch: Int) async throws {
        try await client.answeredQuery("""
            UPDATE \(unescaped: table) SET expires_at = 0 WHERE name = \(name) AND owner = \(owner) AND epoch = \(epoch)
            """, logger: logger)
    }
}
