import InboxBotWorker
import Logging
import ServiceLifecycle

/// Carries out outbox actions and settles unknown ones, until shutdown. On start it
/// recovers actions left in flight by a crash (when it works alone).
public struct ExecutorService: Service {
    let executor: Executor
    /// Woken when the pipeline queues actions.
    let outbox: WorkSignal
    /// Wakes the pipeline once actions are recorded: an echo of a send waits for its id.
    let inbox: WorkSignal?
    /// Told when a step fails and when one works again; it logs the failure.
    let readiness: Readiness
    /// Whether actions left in flight by a crash are recovered at start (one worker on its
    /// own state); sharing a database, the shard keeper recovers them as it takes shards.
    let recoversAtStart: Bool

    public init(executor: Executor, outbox: WorkSignal = WorkSignal(), inbox: WorkSignal? = nil,
                readiness: Readiness = Readiness(logger: Logger(label: "inboxbot.executor")), recoversAtStart: Bool = true) {
        self.recoversAtStart = recoversAtStart
        self.executor = executor
        self.outbox = outbox
        self.inbox = inbox
        self.readiness = readiness
    }

    public func run() async throws {
        if recoversAtStart { try await executor.recoverInFlight() }
        // The idle wait is also how often retries and unknown sends come due.
        await WorkLoop.run(idle: 0.5, signal: outbox) { [executor, inbox] in
            let (executed, settled) = try await readiness.watching(.executor) {
                (try await executor.executeDue(limit: Self.actionBatch), try await executor.settleUnknown(limit: Self.settleBatch))
            }
            if executed + settled > 0 { await inbox?.notify() }
            return executed >= Self.actionBatch || settled >= Self.settleBatch
        }
    }

    /// Due actions and unknown outcomes taken per pass.
    static let actionBatch = 100
    static let settleBatch = 50
}
