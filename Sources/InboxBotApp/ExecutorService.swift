import InboxBotWorker
import Logging
import ServiceLifecycle

/// Carries out outbox actions and settles unknown ones, until shutdown. On start it
/// recovers actions left in flight by a crash.
public struct ExecutorService: Service {
    let executor: Executor
    let logger: Logger

    public init(executor: Executor, logger: Logger = Logger(label: "inboxbot.executor")) {
        self.executor = executor
        self.logger = logger
    }

    public func run() async throws {
        try await executor.recoverInFlight()
        await WorkLoop.run(idle: 0.05, onError: { [logger] in logger.error("executor step failed", metadata: ["error": "\($0)"]) }) {
            try await executor.executeDue(limit: 50) + executor.settleUnknown(limit: 50)
        }
    }
}
