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
    /// Told when a step fails and when one works again; it logs the failure.
    let readiness: Readiness

    public init(pipeline: Pipeline, inbox: WorkSignal = WorkSignal(), outbox: WorkSignal = WorkSignal(),
                readiness: Readiness = Readiness(logger: Logger(label: "inboxbot.pipeline"))) {
        self.pipeline = pipeline
        self.inbox = inbox
        self.outbox = outbox
        self.readiness = readiness
    }

    public func run() async throws {
        await WorkLoop.run(idle: 0.5, signal: inbox) { [pipeline, outbox] in
            let (events, timers) = try await readiness.watching(.pipeline) {
                (try await pipeline.processPending(limit: Self.eventBatch), try await pipeline.fireDueTimers(limit: Self.timerBatch))
            }
            if events + timers > 0 { await outbox.notify() }
            return events >= Self.eventBatch || timers >= Self.timerBatch
        }
    }

    /// Events and due timers taken per pass.
    static let eventBatch = 200
    static let timerBatch = 100
}
