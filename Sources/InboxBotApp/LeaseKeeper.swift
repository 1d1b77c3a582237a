import InboxBotCore
import InboxBotPostgres
import Logging
import ServiceLifecycle

/// Keeps the worker's lease on a shared database, renewing it three times per lease period.
/// A lease it cannot renew was lost (the worker was paused or cut off past its expiry, and
/// another took over): it stops the worker with an error at once, so that this worker
/// commits and sends nothing more. Its supervisor restarts it, as a standby.
struct LeaseKeeper: Service {
    struct Lost: Error, CustomStringConvertible {
        let description: String
    }

    let lease: PostgresLease
    let epoch: Int
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Cancelled at shutdown: the worker stops cleanly and gives the lease up.
                guard (try? await Task.sleep(for: .clampedSeconds(lease.seconds / 3))) != nil else { return }
                let renewed: Bool
                do {
                    renewed = try await lease.renew(epoch: epoch)
                } catch is CancellationError {
                    return
                } catch {
                    // The database is out of reach: keep trying until the lease would have run out.
                    logger.warning("could not renew the worker lease", metadata: ["error": "\(error)"])
                    continue
                }
                guard renewed else {
                    throw Lost(description: "the worker lease '\(lease.name)' (epoch \(epoch)) was lost to another worker; stopping so that nothing is done twice")
                }
            }
        }
    }
}
