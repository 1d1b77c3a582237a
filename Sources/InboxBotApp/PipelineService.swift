import InboxBotWorker
import Logging
import ServiceLifecycle

/// Evaluates inbox events, and timers as they come due, into outbox actions, until shutdown.
/// Timers are looked for on every pass, and at least every half second when idle.
public struct PipelineService: Service {
    let pipeline: Pipeline
    /// Woken when events arrive; wakes the executor when actions are queued.
    let inbox: WorkSignal
    let outbox: WorkSignal
    let logger: Logger

    public init(pipeline: Pipeline, inbox: WorkSignal = WorkSignal(), outbox: WorkSignal = WorkSignal(), logger: Logger = Logger(label: "inboxbot.pipeline")) {
        self.pipeline = pipeline
        self.inbox = inbox
        self.outbox = outbox
        self.logger = logger
    }

    public func run() async throws {
        await WorkLoop.run(idle: 0.5, linger: 0.002, batch: 200, signal: inbox, onError: { [logger] in logger.error("pipeline step failed", metadata: ["error": "\($0)"]) }) {
            let processed = try await pipeline.processPending(limit: 200) + pipeline.fireDueTimers(limit: 100)
            if processed > 0 { await outbox.notify() }
            return processed
        }
    }
}
