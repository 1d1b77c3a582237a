import InboxBotCore
import Metrics
import ServiceLifecycle

/// Keeps the queue gauges current: events waiting, actions per state.
public struct QueueMetricsService: Service {
    let store: any StateStore
    let interval: Double

    public init(store: any StateStore, interval: Double = 5) {
        self.store = store
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
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) }
        }
    }
}
