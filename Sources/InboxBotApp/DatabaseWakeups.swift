import InboxBotPostgres
import Logging
import ServiceLifecycle

/// Wakes this worker's pipeline and executor when another worker on the shared database
/// admits events or queues actions in shards this worker holds (`LISTEN`/`NOTIFY`), so that
/// work on another worker's webhook starts at once rather than at the next look. The tables
/// stay the truth: a notification missed while the connection was down only delays work
/// until the next look.
struct DatabaseWakeups: Service {
    let store: PostgresStateStore
    let claims: ShardClaims
    let inbox: WorkSignal
    let outbox: WorkSignal
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await store.listen { [claims, inbox, outbox] payload in
                        guard let wakeup = Wakeup(payload: payload), !wakeup.shards.isDisjoint(with: claims.ready) else { return }
                        await (wakeup.queue == .outbox ? outbox : inbox).notify()
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.debug("listening for other workers failed; looking again", metadata: ["error": "\(error)"])
                }
                guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
            }
        }
    }
}
