import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import Logging
import ServiceLifecycle
import Testing
@testable import InboxBotApp
@testable import InboxBotWorker

/// The executor's lanes: a slow action holds up its own conversation, whose actions still go
/// one after another, and no other conversation (live Hatif's sends take 0.5–0.7 s each).
@Suite struct ExecutorServiceTests {
    static let t0 = Date(timeIntervalSince1970: 1_773_748_800)

    static func queue(_ text: String, in conversation: String, store: InMemoryStateStore) async throws {
        let entry = OutboxEntry(ruleID: "r", ruleSetVersion: "v1", conversation: ConversationSnapshot(id: conversation), eventID: text, actionIndex: 0,
                                action: .sendText(text), at: t0)
        try await store.complete(eventID: text, actions: [entry], firings: [], audit: [], at: t0)
    }

    static let quiet = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    /// The executor's service alone in a group, as the worker runs it.
    static func running(_ executor: Executor, outbox: WorkSignal, inbox: WorkSignal? = nil, echoWaits: EchoWaits? = nil) -> ServiceGroup {
        ServiceGroup(services: [ExecutorService(executor: executor, outbox: outbox, inbox: inbox, echoWaits: echoWaits, readiness: Readiness(logger: quiet),
                                                recoversAtStart: false)],
                     gracefulShutdownSignals: [], logger: quiet)
    }

    /// An action carried out wakes the pipeline only while a pass left an echo waiting for a
    /// send's id: otherwise each action cost the pipeline a pass that found nothing.
    @Test(arguments: [false, true]) func anActionWakesThePipelineOnlyWhileAnEchoWaits(_ echoWaiting: Bool) async throws {
        let store = InMemoryStateStore()
        let (outbox, inbox, echoWaits) = (WorkSignal(), WorkSignal(), EchoWaits())
        echoWaits.note(echoWaiting)
        let group = Self.running(Executor(store: store, platform: RecordingPlatform(), clock: SystemWallClock(), logger: Self.quiet),
                                 outbox: outbox, inbox: inbox, echoWaits: echoWaits)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.queue("reply", in: "c-1", store: store)
            await outbox.notify()
            #expect(try await WorkLoopTests.eventually { await store.counts().actions == [.done: 1] })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()  // the action's slot, and its wake, are over
        }
        #expect(await inbox.pending == echoWaiting)
    }

    @Test func aSlowActionHoldsUpOnlyItsOwnConversation() async throws {
        let store = InMemoryStateStore()
        let platform = RecordingPlatform()
        await platform.hold("slow")
        let outbox = WorkSignal()
        let group = Self.running(Executor(store: store, platform: platform, clock: SystemWallClock(), concurrency: 4, logger: Self.quiet), outbox: outbox)
        func sent() async -> [String] { await platform.applied.compactMap { if case .sendText(let text) = $0.action { text } else { nil } } }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.queue("slow 1", in: "slow", store: store)
            await outbox.notify()
            #expect(try await WorkLoopTests.eventually { await platform.started == ["slow"] })

            // Queued while the slow send is out: the other conversation's goes at once, the slow one's waits its turn.
            try await Self.queue("slow 2", in: "slow", store: store)
            try await Self.queue("fast", in: "fast", store: store)
            await outbox.notify()
            #expect(try await WorkLoopTests.eventually { await sent() == ["fast"] }, "not held up by another conversation's send")
            #expect(await platform.started == ["slow", "fast"], "the slow conversation's second action waits for its first")

            await platform.release("slow")
            #expect(try await WorkLoopTests.eventually { await sent() == ["fast", "slow 1", "slow 2"] })
            #expect(await platform.started == ["slow", "fast", "slow"])
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await store.counts().actions == [.done: 3])
    }

    /// Unknown outcomes are looked for every half second, not on every wake, and still without
    /// any wake: a send whose answer was lost is settled by the running service.
    @Test func theServiceSettlesAnUnknownOutcomeOnItsOwn() async throws {
        let store = InMemoryStateStore()
        let platform = RecordingPlatform()
        await platform.script([.unknown(reason: "the answer was lost")], unknownApplied: [true])
        let outbox = WorkSignal()
        let group = Self.running(Executor(store: store, platform: platform, clock: SystemWallClock(), settleAfterSeconds: 0, logger: Self.quiet), outbox: outbox)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.queue("lost", in: "c-1", store: store)
            await outbox.notify()
            #expect(try await WorkLoopTests.eventually { await store.counts().actions == [.done: 1] }, "settled: the platform shows the send")
            #expect(await platform.applied.count == 1, "not sent again")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
