import InboxBotWorker
import Logging
import ServiceLifecycle

/// Carries out outbox actions and settles unknown ones, until shutdown. On start it
/// recovers actions left in flight by a crash.
public struct ExecutorService: Service {
    let executor: Executor
    /// Woken when the pipeline queues actions.
    let outbox: WorkSignal
    /// Wakes the pipeline once actions are recorded: an echo of a send waits for its id.
    let inbox: WorkSignal?
    let logger: Logger

    public init(executor: Executor, outbox: WorkSignal = WorkSignal(), inbox: WorkSignal? = nil, logger: Logger = Logger(label: "inboxbot.executor")) {
        self.executor = executor
        self.outbox = outbox
        self.inbox = inbox
        self.logger = logger
    }

    public func run() async throws {
        try await executor.recoverInFlight()
        // The idle wait is also how often retries and unknown sends come due.
        await WorkLoop.run(idle: 0.5, linger: 0.002, batch: 100, signal: outbox, onError: { [logger] in logger.error("executor step failed", metadata: ["error": "\($0)"]) }) {
            let done = try await executor.executeDue(limit: 100) + executor.settleUnknown(limit: 50)
            if done > 0 { await inbox?.notify() }
            return done
        }
    }
}
