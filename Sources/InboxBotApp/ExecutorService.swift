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
        let lanes = ActionLanes(limit: executor.concurrency, capacity: 2 * Self.actionBatch)
        await withDiscardingTaskGroup { slots in
            // Each pass takes what came due into the lanes, and returns: the slots carry it out
            // while the next pass waits for more. The idle wait is also how often retries and
            // unknown sends come due.
            await WorkLoop.run(idle: 0.5, signal: outbox) {
                let (due, settled) = try await readiness.watching(.executor) {
                    (lanes.hasRoom ? try await executor.dueActions(limit: Self.actionBatch, excluding: lanes.held) : [],
                     try await executor.settleUnknown(limit: Self.settleBatch))
                }
                for _ in 0..<lanes.add(due) {
                    slots.addTask {
                        await lanes.slot({ action in
                            _ = try? await readiness.watching(.executor) { try await executor.carryOut(action) }
                            // The pipeline: an echo of a send waits for its id.
                            await inbox?.notify()
                        }, whenRoom: { await outbox.notify() })  // this loop stops reading while the lanes are full
                    }
                }
                if settled > 0 { await inbox?.notify() }
                return (due.count >= Self.actionBatch && lanes.hasRoom) || settled >= Self.settleBatch
            }
            // Stopping: the actions being carried out finish (the group waits for them); the rest stay due.
            lanes.stop()
        }
    }

    /// Due actions and unknown outcomes taken per pass.
    static let actionBatch = 100
    static let settleBatch = 50
}
