import Foundation
import InboxBotCore
import Logging
import Metrics
import ServiceLifecycle

/// Prunes the state file on start and then every `interval`: audit records older than the
/// audit retention, and processed events (their ids and JSON) and fired timers older than
/// the event retention. A repeat of an event older than that is no longer recognised, so
/// the event retention should exceed how long the platform may redeliver.
public struct RetentionService: Service {
    let store: any StateStore
    let clock: any WallClock
    let auditSeconds: Double
    let eventSeconds: Double
    let interval: Double
    let logger: Logger

    public init(store: any StateStore, clock: any WallClock, auditSeconds: Double, eventSeconds: Double, interval: Double = 3600,
                logger: Logger = Logger(label: "inboxbot.retention")) {
        self.store = store
        self.clock = clock
        self.auditSeconds = auditSeconds
        self.eventSeconds = eventSeconds
        self.interval = interval
        self.logger = logger
    }

    /// One pruning pass; returns how many rows went.
    @discardableResult
    public func prune() async throws -> Int {
        let now = clock.now()
        let removed = try await store.prune(auditBefore: now.addingTimeInterval(-auditSeconds), processedEventsBefore: now.addingTimeInterval(-eventSeconds))
        Counter(label: "inboxbot_retention_pruned_total").increment(by: removed)
        if removed > 0 { logger.info("pruned old state", metadata: ["rows": "\(removed)"]) }
        return removed
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await prune()
            } catch {
                logger.error("pruning failed; it will be tried again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(interval)) }
        }
    }
}
