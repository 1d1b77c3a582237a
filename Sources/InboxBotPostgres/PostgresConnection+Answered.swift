import Logging
import NIOCore
import PostgresNIO

/// Queries that fail, rather than wait for ever, on a connection the server has closed.
///
/// postgres-nio 1.33 drops a query written to a connection whose channel is already closed,
/// without ever answering it. The server closes a worker's session that sits idle inside a
/// transaction past `idle_in_transaction_session_timeout` (a worker paused or swapped out),
/// so such a worker, on resuming, waited for ever on its next statement or its `ROLLBACK`:
/// its pipeline or executor stopped, and with it its shutdown. Here the check and the write
/// run together on the connection's event loop, where the close is handled, so that no close
/// can come between them; a query written before the close is failed by postgres-nio itself.
/// Each statement's rows are read in full (`AnsweredRows`): the store's are few.
extension PostgresConnection {
    /// The server closed the connection before the statement was sent.
    struct ClosedByServer: Error, CustomStringConvertible {
        var description: String {
            "the database closed the connection (a session left idle in a transaction past the server's idle_in_transaction_session_timeout, or the server going away)"
        }
    }

    /// A statement's rows, or `ClosedByServer` on a closed connection: checked and written in
    /// one task on the connection's event loop (postgres-nio's future-returning `query`).
    @discardableResult
    func answeredQuery(_ query: PostgresQuery, logger: Logger) async throws -> AnsweredRows {
        try await eventLoop.flatSubmit { [self] in
            guard !isClosed else { return eventLoop.makeFailedFuture(ClosedByServer()) }
            return self.query(query, logger: logger).map { AnsweredRows(rows: $0.rows) }
        }.get()
    }

    /// Runs `body` in a transaction whose `BEGIN`, `COMMIT` and `ROLLBACK` are answered
    /// queries too. `body`'s error is what the caller gets; a connection left in a transaction
    /// by a failed `ROLLBACK` is closed, so that its pool does not hand it out again.
    /// (`isolation`, as in postgres-nio's `withTransaction`: the caller's, so `body` may be sent there.)
    func answeredTransaction<T>(logger: Logger, isolation: isolated (any Actor)? = #isolation,
                                _ body: (PostgresConnection) async throws -> sending T) async throws -> sending T {
        try await answeredQuery("BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(self)
        } catch {
            do {
                try await answeredQuery("ROLLBACK", logger: logger)
            } catch {
                try? await close()
            }
            throw error
        }
        try await answeredQuery("COMMIT", logger: logger)
        return value
    }
}

extension PostgresClient {
    /// `query(_:logger:)` on a pooled connection, as an answered query, its rows read in full
    /// before the connection goes back (the pool's own `query` writes the same way, to a
    /// connection the server may have closed since the pool last looked).
    @discardableResult
    func answeredQuery(_ query: PostgresQuery, logger: Logger) async throws -> AnsweredRows {
        try await withConnection { connection in
            try await connection.answeredQuery(query, logger: logger)
        }
    }

    /// A pooled connection's `answeredTransaction(logger:_:)`.
    func answeredTransaction<T>(logger: Logger, isolation: isolated (any Actor)? = #isolation,
                                _ body: (PostgresConnection) async throws -> sending T) async throws -> sending T {
        try await withConnection(isolation: isolation) { connection in
            try await connection.answeredTransaction(logger: logger, isolation: isolation, body)
        }
    }
}
