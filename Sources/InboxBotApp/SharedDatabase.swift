import InboxBotCore
import InboxBotPostgres
import Logging
import PostgresNIO

/// A PostgreSQL state store, as `state: postgres://…` names it, open for as long as a body
/// runs: its client runs beside the body and stops with it. The worker and the commands
/// that read the state (`status`, `audit`, `actions`) open it the same way.
public enum SharedDatabase {
    public static func withStore<T: Sendable>(_ state: String, environment: [String: String], logger: Logger,
                                              _ body: (PostgresStateStore) async throws -> T) async throws -> T {
        let location: PostgresLocation
        do {
            location = try PostgresLocation(state)
        } catch {
            throw WorkerRunner.Failure(description: "setting 'state' (\(PostgresLocation.redacted(state).excerpt())): \(error)")
        }
        let password = try WorkerRunner.secret("INBOXBOT_STATE_PASSWORD", environment)
        do {
            try await location.check(password: password, logger: logger)
        } catch {
            throw WorkerRunner.Failure(description: "setting 'state' (\(location)): cannot reach the database: \(error)")
        }
        // The pool logs every failed connection attempt; readiness reports an outage once.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: location.clientConfiguration(password: password), backgroundLogger: poolLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store: PostgresStateStore
            do {
                store = try await PostgresStateStore.open(client: client, schema: location.schema, logger: logger)
            } catch {
                throw WorkerRunner.Failure(description: "setting 'state' (\(location)): cannot open the database: \(String(reflecting: error).excerpt(300))")
            }
            return try await body(store)
        }
    }
}
