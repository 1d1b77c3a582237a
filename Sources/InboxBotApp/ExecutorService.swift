import InboxBotWorker
import Logging
import ServiceLifecycle

/// Carries out outbox actions and settles unknown ones, until shutdown. On start it
/// recovers actions left in flight by a crash (when it works alone).
public struct ExecutorService: Service {
    let executor: Executor
    /// Woken when the pipeline queues actions.
    let outbox: WorkSignal
    /// Wakes the pipeline once actions are recorded, while `echoWaits` says events wait for a
    /// send's id (an echo of a send waits for it); without it, after every action.
    let inbox: WorkSignal?
    let echoWaits: EchoWaits?
    /// Told when a step fails and when one works again; it logs the failure.
    let readiness: Readiness
    /// Whether actions left in flight by a crash are recovered at start (one worker on its
    /// own state); sharing a database, the shard keeper recovers them as it takes shards.
    let recoversAtStart: Bool

    public init(executor: Executor, outbox: WorkSignal = WorkSignal(), inbox: WorkSignal? = nil, echoWaits: EchoWaits? = nil,
                readiness: Readiness = Readiness(logger: Logger(label: "inboxbot.executor")), recoversAtStart: Bool = true) {
        self.echoWaits = echoWaits
        self.recoversAtStart = recoversAtStart
        self.executor = executor
        self.outbox = outbox
        self.inbox = inbox
        self.readiness = readiness
    }

    public func run() async throws {
        if recoversAtStart { try await executor.recoverInFlight() }
        let lanes = ActionLanes(limit: executor.concurrency, capacity: 2 * Self.actionBatch)
        // Unknown outcomes wait `settle_after` (30 s by default) to be settled: looking for them at
        // most every `settleInterval`, not on every wake, spares a read of the outbox per pass.
        var nextSettle = ContinuousClock.now
        await withDiscardingTaskGroup { slots in
            // Each pass takes what came due into the lanes, and returns: the slots carry it out
            // while the next pass waits for more. The idle wait is also how often retries and
            // unknown sends come due.
            await WorkLoop.run(idle: 0.5, signal: outbox) {
                let settles = ContinuousClock.now >= nextSettle
                let (due, settled) = try await readiness.watching(.executor) {
                    (lanes.hasRoom ? try await executor.dueActions(limit: Self.actionBatch, excluding: lanes.held) : [],
                     settles ? try await executor.settleUnknown(limit: Self.settleBatch) : 0)
                }
                // A full batch settled: more may wait, so the next pass looks again.
                if settles { nextSettle = ContinuousClock.now + (settled >= Self.settleBatch ? .zero : Self.settleInterval) }
                for _ in 0..<lanes.add(due) {
                    slots.addTask {
                        await lanes.slot({ action in
                            _ = try? await readiness.watching(.executor) { try await executor.carryOut(action) }
                            await wakePipeline()
                        }, whenRoom: { await outbox.notify() })  // this loop stops reading while the lanes are full
                    }
                }
                if settled > 0 { await wakePipeline() }
                return (due.count >= Self.actionBatch && lanes.hasRoom) || settled >= Self.settleBatch
            }
            // Stopping: the actions being carried out finish (the group waits for them); the rest stay due.
            lanes.stop()
        }
    }

    /// Wakes the pipeline if events wait for a send's id (or a pass under way may leave some).
    private func wakePipeline() async {
        if echoWaits?.any ?? true { await inbox?.notify() }
    }

    /// Due actions and unknown outcomes taken per pass.
    static let actionBatch = 100
    static let settleBatch = 50
    /// How often unknown outcomes are looked for, at most.
    static let settleInterval = Duration.milliseconds(500)
}
