import InboxBotCore
import Metrics
import ServiceLifecycle

/// Keeps the queue gauges current: events waiting, their lag, and actions per state.
public struct QueueMetricsService: Service {
    let store: any StateStore
    let clock: any WallClock
    let interval: Double

    public init(store: any StateStore, clock: any WallClock = SystemWallClock(), interval: Double = 5) {
        self.store = store
        self.clock = clock
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let counts = try? await store.counts() {
                Gauge(label: "inboxbot_inbox_pending_events").record(counts.pendingEvents)
                for state in OutboxEntry.State.allCases {
                    Gauge(label: "inboxbot_outbox_actions", dimensions: [("state", state.rawValue)]).record(counts.actions[state] ?? 0)
                }
            }
            if let armed = try? await store.armedTimerCount() { Gauge(label: "inboxbot_timers_armed").record(armed) }
            // Nil when nothing waits (or the store did not answer): no lag to report.
            let oldest = try? await store.oldestPendingEventReceivedAt()
            Gauge(label: "inboxbot_inbox_lag_seconds").record(oldest.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(interval)) }
        }
    }
}
