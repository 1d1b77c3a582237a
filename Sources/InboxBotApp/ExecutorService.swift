import InboxBotWorker
import Logging
import ServiceLifecycle

/// Carries out outbox actions and settles unknown ones, until shutdown. On start it
/// recovers actions left in flight by a crash.
public struct ExecutorService: Service {
    let executor: Executor
    /// Woken when the pipeline queues actions.
    let outbox: WorkSignal
    let logger: Logger

    public init(executor: Executor, outbox: WorkSignal = WorkSignal(), logger: Logger = Logger(label: "inboxbot.executor")) {
        self.executor = executor
        self.outbox = outbox
        self.logger = logger
    }

    public func run() async throws {
        try await executor.recoverInFlight()
        // The idle wait is also how often retries and unknown sends come due.
        await WorkLoop.run(idle: 0.5, signal: outbox, onError: { [logger] in logger.error("executor step failed", metadata: ["error": "\($0)"]) }) {
            try await executor.executeDue(limit: 50) + executor.settleUnknown(limit: 50)
        }
    }
}
