import Foundation
import InboxBotCore
import InboxBotPostgres
import Logging
import ServiceLifecycle

/// The poller, on one worker of several sharing a database: on whichever holds the platform
/// account's poller lease. The others wait and take over when it stops or its lease expires.
/// The poller's writes (the events it admits, its cursor) are fenced by the lease: two
/// pollers at once would derive the same changes under different ids.
struct LeasedPollerService: Service {
    let lease: PostgresLease
    let store: PostgresStateStore
    /// The poller, writing through the store it is given.
    let poller: @Sendable (PostgresStateStore) -> PollerService
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastHolder: String?
            while !Task.isCancelled {
                if let epoch = try? await lease.acquire() {
                    lastHolder = nil
                    await poll(epoch: epoch)
                } else if let holder = try? await lease.holder()?.owner, holder != lastHolder {
                    logger.info("another worker polls the platform", metadata: ["poller": "\(holder)"])
                    lastHolder = holder
                }
                guard (try? await Task.sleep(for: .clampedSeconds(lease.seconds / 3))) != nil else { return }
            }
        }
    }

    /// Polls until the lease is lost or the worker stops, then gives the lease up.
    private func poll(epoch: Int) async {
        logger.notice("this worker polls the platform for all workers", metadata: ["lease": "\(lease.name)", "epoch": "\(epoch)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [poller, store, lease, logger] in
                do {
                    try await poller(store.fenced(by: lease, epoch: epoch)).run()
                } catch {
                    logger.warning("the poller stopped", metadata: ["error": "\(error)"])
                }
            }
            group.addTask { [lease, logger] in
                while (try? await Task.sleep(for: .clampedSeconds(lease.seconds / 3))) != nil {
                    do {
                        if try await lease.renew(epoch: epoch) { continue }
                        logger.warning("lost the poller lease to another worker; polling stops here", metadata: ["epoch": "\(epoch)"])
                        return
                    } catch {
                        logger.warning("could not renew the poller lease", metadata: ["error": "\(error)"])
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
        try? await lease.release(epoch: epoch)
    }
}
