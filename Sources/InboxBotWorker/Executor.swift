import Foundation
import InboxBotCore
import Logging
import Metrics

/// Carries out due actions from the outbox and records what became of each.
///
/// An action is marked in flight before it is handed to the platform. What comes back is
/// recorded: done (with what the platform returned), dead letter with the reason (the
/// platform's own retries are spent, or it refused), or unknown. An unknown action, or a
/// send found in flight after a crash, is settled by reading the platform; it is sent again
/// only when the platform shows it never went out.
public struct Executor: Sendable {
    let store: any StateStore
    let platform: any ConversationPlatform
    /// Where `call` actions go; nil when the configuration names no endpoints.
    let endpoints: (any EndpointCaller)?
    let clock: any WallClock
    /// How long to let the platform show a send before settling it.
    let settleAfterSeconds: Double
    /// How often an action may be tried before it is dead-lettered.
    let maximumAttempts: Int
    /// How many conversations' actions run at once; each conversation's run in order.
    public let concurrency: Int
    let logger: Logger
    /// Told of every action carried out, with its outcome.
    let observer: (@Sendable (OutboxEntry, RenderedAction, ActionOutcome) async -> Void)?
    /// Outcomes that come in together, and actions about to be handed over together, are
    /// recorded in one transaction: under load, about one write per batch of each.
    let journal: GroupCommit<JournalEntry, OptOut?>
    /// Sharing a database: how long after its in-flight mark an action's writes may still go to
    /// the platform (`HandOver`). The mark was made under the shard's lease; a worker paused past
    /// it may have lost the conversation, so it does not send but leaves the action to be settled.
    let handOverWithinSeconds: Double?

    public init(store: any StateStore, platform: any ConversationPlatform, endpoints: (any EndpointCaller)? = nil, clock: any WallClock, settleAfterSeconds: Double = 30,
                maximumAttempts: Int = 3, concurrency: Int = 32, handOverWithinSeconds: Double? = nil, logger: Logger = Logger(label: "inboxbot.executor"),
                observer: (@Sendable (OutboxEntry, RenderedAction, ActionOutcome) async -> Void)? = nil) {
        self.handOverWithinSeconds = handOverWithinSeconds
        self.store = store
        self.platform = platform
        self.endpoints = endpoints
        self.clock = clock
        self.settleAfterSeconds = settleAfterSeconds
        self.maximumAttempts = maximumAttempts
        self.concurrency = concurrency
        self.logger = logger
        self.observer = observer
        journal = GroupCommit { [store, clock] entries in
            try await JournalEntry.commit(entries, to: store, at: clock.now())
        }
    }

    /// Carries out up to `limit` due actions in lanes, as the worker's `ExecutorService` does
    /// (different conversations in parallel, each one's in order), and returns how many once all
    /// are done. A failure stops the others and is thrown.
    @discardableResult
    public func executeDue(limit: Int = 50) async throws -> Int {
        let due = try await dueActions(limit: limit)
        let lanes = ActionLanes(limit: concurrency, capacity: max(1, due.count))
        try await withThrowingDiscardingTaskGroup { slots in
            for _ in 0..<lanes.add(due) { slots.addTask { try await lanes.slot { try await carryOut($0) } } }
        }
        return due.count
    }

    /// Up to `limit` due actions, leaving out `held` (keys already taken and not yet carried
    /// out), in the order they are due. Pools are resolved in order first, so parallel lanes
    /// cannot share a turn, and each pick counts toward the next one's load.
    public func dueActions(limit: Int, excluding held: Set<String> = []) async throws -> [DueAction] {
        let due = try await store.dueActions(at: clock.now(), limit: limit + held.count).lazy.filter { !held.contains($0.key) }.prefix(limit)
        var work: [DueAction] = []
        var picked: [String: Int] = [:]
        for entry in due {
            do {
                work.append(DueAction(entry: entry, action: .success(try await resolved(entry.action, picked: &picked))))
            } catch let failure as Unresolvable {
                work.append(DueAction(entry: entry, action: .failure(failure)))
            }
        }
        return work
    }

    /// Carries out one due action, or dead-letters one whose pool cannot be resolved.
    public func carryOut(_ due: DueAction) async throws {
        switch due.action {
        case .success(let action): try await execute(due.entry, as: action)
        case .failure(let failure):
            try await record(ActionUpdate(key: due.entry.key, state: .deadLetter, detail: failure.reason, nextAttemptAt: nil,
                                          audit: [auditRecord(due.entry, "\(due.entry.action.summary): failed: \(failure.reason)")]))
            logger.error("action dead-lettered", metadata: ["key": "\(due.entry.key)", "reason": "\(failure.reason)"])
        }
    }

    /// Marks one action in flight, hands it to the platform, and records the outcome. It is
    /// marked only when its turn comes: an action still waiting behind others of its
    /// conversation when the worker dies was never attempted, and counts no attempt.
    func execute(_ entry: OutboxEntry, as action: RenderedAction) async throws {
        let deadline = handOverWithinSeconds.map { ContinuousClock.now + .clampedSeconds($0) }
        // The send guard's last word, read as the action is marked in flight: an opt-out made
        // after the send was queued keeps it back.
        let recipients = action.recipientKeys(contactKeys: ContactKey.keys(of: entry.conversation)) ?? []
        if let optOut = try await journal.submit(.start(ActionStart(key: entry.key, contactKeys: recipients, eventID: entry.eventID))) {
            let reason = "withheld: \(Withholding.optedOut(at: optOut.at))"
            try await record(ActionUpdate(key: entry.key, state: .withheld, detail: reason, nextAttemptAt: nil,
                                          audit: [auditRecord(entry, "\(action.summary): \(reason)")]))
            logger.info("a send was withheld: the contact opted out", metadata: ["key": "\(entry.key)"])
            Counter(label: "inboxbot_actions_total", dimensions: [("type", action.keyword), ("result", "withheld")]).increment()
            return
        }
        guard HandOver.$deadline.withValue(deadline, operation: { HandOver.isOpen }) else {
            // Paused (or starved) past the deadline: whoever holds the conversation now settles it.
            logger.warning("not handing an action over: it was marked in flight too long ago", metadata: ["key": "\(entry.key)"])
            try await recover([entry])
            return
        }
        // The connectors' HTTP layer checks the deadline again right before each write goes out.
        let outcome = await HandOver.$deadline.withValue(deadline) { await handOver(action, of: entry) }
        let now = clock.now()
        let note = [auditRecord(entry, "\(action.summary): \(outcome)")]
        switch outcome {
        case .done(let detail):
            try await record(ActionUpdate(key: entry.key, state: .done, detail: detail, nextAttemptAt: nil, audit: note))
            // A pool's next pick counts this one at once, not when the platform's event comes back;
            // other assignments are counted from their events, with no write here.
            if case .assignFromPool = entry.action, case .assign(let user) = action {
                try await store.recordAssignment(ConversationAssignment(conversationID: entry.conversationID, assignee: user, open: true, at: now))
            }
        case .failed(let reason):
            try await record(ActionUpdate(key: entry.key, state: .deadLetter, detail: reason, nextAttemptAt: nil, audit: note))
            logger.error("action dead-lettered", metadata: ["key": "\(entry.key)", "reason": "\(reason)"])
        case .unknown(let reason):
            try await record(ActionUpdate(key: entry.key, state: .unknown, detail: reason, nextAttemptAt: now.addingTimeInterval(settleAfterSeconds), audit: note))
            logger.warning("action outcome unknown; it will be settled from the platform", metadata: ["key": "\(entry.key)"])
        }
        let result = switch outcome {
        case .done: "done"
        case .failed: "dead_letter"
        case .unknown: "unknown"
        }
        Counter(label: "inboxbot_actions_total", dimensions: [("type", action.keyword), ("result", result)]).increment()
        await observer?(entry, action, outcome)
    }

    /// Hands the action to the platform, or a call to its endpoint.
    private func handOver(_ action: RenderedAction, of entry: OutboxEntry) async -> ActionOutcome {
        guard case .callEndpoint(let call) = action else { return await platform.perform(action, on: entry.conversation) }
        guard let endpoints else { return .failed(reason: "no endpoints are configured; name '\(call.endpoint)' under 'endpoints:' in inboxbot.yaml") }
        return await endpoints.call(call, actionKey: entry.key)
    }

    /// Records an action's outcome (with others that come in together).
    private func record(_ update: ActionUpdate) async throws {
        _ = try await journal.submit(.outcome(update))
    }

    /// After a restart: actions left in flight, settled by `recover`.
    public func recoverInFlight() async throws {
        try await recover(try await store.actions(in: [.inFlight], limit: 10_000))
    }

    /// Actions a worker left in flight (this one before a restart, or another whose
    /// conversations this one took over). Idempotent ones are simply due again; sends may have
    /// gone out, so they are settled once the platform has had `settleAfterSeconds` from the
    /// start of the attempt to show them: a slow platform may still be applying one.
    public func recover(_ entries: [OutboxEntry]) async throws {
        guard !entries.isEmpty else { return }
        let now = clock.now()
        try await store.update(entries.map { entry in
            entry.action.isRepeatable
                ? ActionUpdate(key: entry.key, state: .pending, detail: "in flight at a restart; applied again", nextAttemptAt: now)
                : ActionUpdate(key: entry.key, state: .unknown, detail: "in flight at a restart", nextAttemptAt: max(now, settledBy(entry)))
        }, at: now)
        logger.notice("actions left in flight recovered", metadata: ["count": "\(entries.count)"])
    }

    /// The time after which "not found on the platform" means the attempt never went out.
    func settledBy(_ entry: OutboxEntry) -> Date {
        (entry.attemptedAt ?? entry.updatedAt).addingTimeInterval(settleAfterSeconds)
    }

    /// Settles unknown actions whose wait is over; returns how many were decided.
    @discardableResult
    public func settleUnknown(limit: Int = 50) async throws -> Int {
        let now = clock.now()
        var decided = 0
        for entry in try await store.actions(in: [.unknown], limit: limit) where entry.nextAttemptAt <= now {
            let settlement: Settlement
            do {
                settlement = try await platform.settle(entry.action, on: entry.conversation, attemptedAt: entry.attemptedAt ?? entry.updatedAt)
            } catch {
                logger.warning("could not settle an action yet", metadata: ["key": "\(entry.key)", "error": "\(error)"])
                continue
            }
            if case .notSent = settlement, now < settledBy(entry) {
                // Not shown yet is not "never sent": look again once the platform has had its time.
                try await store.update(key: entry.key, state: .unknown, detail: "not on the platform yet; looking again at \(Timestamp.format(settledBy(entry)))",
                                       nextAttemptAt: settledBy(entry), at: now)
                continue
            }
            decided += 1
            switch settlement {
            case .sent(let id):
                try await store.update(key: entry.key, state: .done, detail: id, nextAttemptAt: nil,
                                       audit: [auditRecord(entry, "settled: it went out (\(id))")], at: now)
            case .notSent where entry.attempts < maximumAttempts:
                try await store.update(key: entry.key, state: .pending, detail: "settled: it never went out; sending again", nextAttemptAt: now,
                                       audit: [auditRecord(entry, "settled: it never went out; it will be sent again")], at: now)
            case .notSent:
                try await store.update(key: entry.key, state: .deadLetter, detail: "never went out after \(entry.attempts) attempts", nextAttemptAt: nil,
                                       audit: [auditRecord(entry, "dead-lettered: never went out after \(entry.attempts) attempts")], at: now)
            case .cannotTell(let reason):
                let detail = "outcome unknown and not sent again: \(reason); check the conversation, then 'inboxbot actions retry' it if it never went out"
                try await store.update(key: entry.key, state: .deadLetter, detail: detail, nextAttemptAt: nil,
                                       audit: [auditRecord(entry, "dead-lettered: \(detail)")], at: now)
                logger.error("an action's outcome cannot be told from the platform; it waits for an operator", metadata: ["key": "\(entry.key)"])
            }
        }
        return decided
    }

    /// An operator's retry of a dead letter.
    public func retry(key: String) async throws {
        guard let entry = try await store.action(key: key), entry.state == .deadLetter else {
            throw RetryError(message: "no dead-lettered action has the key \(key)")
        }
        try await store.update(key: key, state: .pending, detail: "retried by an operator", nextAttemptAt: clock.now(),
                               audit: [auditRecord(entry, "retried by an operator")], at: clock.now())
    }

    /// An action that cannot become one the platform can carry out (a pool with nobody free).
    struct Unresolvable: Error {
        let reason: String
    }

    public struct RetryError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// A pool assignment becomes one user: round robin takes the next member in turn (the turn
    /// kept atomically in the store, across all workers) who is below their capacity;
    /// least busy takes the member with the fewest open conversations (counted in the store,
    /// plus those `picked` earlier in this batch). When every member is at capacity, the
    /// fallback; without one, the action fails with why (as `unresolvable`).
    func resolved(_ action: RenderedAction, picked: inout [String: Int]) async throws -> RenderedAction {
        switch action {
        case .assignRoundRobin(let pool) where !pool.isEmpty:
            let turn = try await store.nextTurn(named: "round-robin:" + pool.joined(separator: ","), at: clock.now())
            return .assign(user: pool[turn % pool.count])
        case .assignFromPool(let pool) where !pool.members.isEmpty:
            let needsCounts = pool.strategy == .leastBusy || pool.members.contains { $0.capacity != nil }
            var load = needsCounts ? try await store.openAssignmentCounts(assignees: Set(pool.members.map(\.user))) : [:]
            for (user, count) in picked { load[user, default: 0] += count }
            func busy(_ member: RenderedPool.Member) -> Int { load[member.user.lowercased()] ?? 0 }
            let free = pool.members.filter { member in member.capacity.map { busy(member) < $0 } ?? true }
            let chosen: String?
            switch pool.strategy {
            case .leastBusy:
                chosen = free.min { busy($0) < busy($1) }?.user
            case .roundRobin:
                let turn = try await store.nextTurn(named: "round-robin:" + pool.rotation.joined(separator: ","), at: clock.now())
                let order = pool.rotation.indices.map { pool.rotation[(turn + $0) % pool.rotation.count] }
                chosen = order.first { user in free.contains { $0.user == user } }
            }
            guard let user = chosen ?? pool.fallback else {
                let loads = pool.members.map { "\($0.user) \(busy($0))/\($0.capacity ?? 0)" }.joined(separator: ", ")
                throw Unresolvable(reason: "every agent of the pool is at capacity (\(loads)), and the pool has no fallback")
            }
            picked[user.lowercased(), default: 0] += 1
            return .assign(user: user)
        default:
            return action
        }
    }

    private func auditRecord(_ entry: OutboxEntry, _ message: String) -> AuditRecord {
        AuditRecord(time: clock.now(), kind: .result, conversationID: entry.conversationID, eventID: entry.eventID,
                    ruleID: entry.ruleID, ruleSetVersion: entry.ruleSetVersion, message: message)
    }
}
