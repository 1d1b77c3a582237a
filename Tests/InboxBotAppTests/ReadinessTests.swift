import Foundation
import InboxBotCore
import InboxBotState
import Logging
import Testing
@testable import InboxBotApp

@Suite struct ReadinessTests {
    /// A full disk: webhook events cannot be kept, so the worker is not ready and takes no
    /// more work; once writes work again, it is ready again.
    @Test func aStoreThatCannotWriteMakesTheWorkerNotReadyUntilItCanAgain() async throws {
        let store = InMemoryStateStore()
        let readiness = Readiness(logger: Logger(label: "test"))
        let queue = StoreEventQueue(store: store, source: "webhook", clock: SystemWallClock(), readiness: readiness)
        try await queue.enqueue(StoreEventQueueTests.event("e1", conversation: "c-1"))
        #expect(await readiness.reasons.isEmpty)
        #expect(await readiness.takesWork)

        await store.failWrites("disk I/O error: database or disk is full")
        await #expect(throws: InMemoryStateStore.WriteFault.self) { try await queue.enqueue(StoreEventQueueTests.event("e2", conversation: "c-1")) }
        #expect(await readiness.reasons == ["store: disk I/O error: database or disk is full"])
        #expect(await !readiness.takesWork)

        await store.failWrites(nil)
        try await queue.enqueue(StoreEventQueueTests.event("e3", conversation: "c-1"))
        #expect(await readiness.reasons.isEmpty)
        #expect(await readiness.takesWork)
    }

    @Test func refusedCredentialsStopReadinessButNotIntake() async {
        let readiness = Readiness(logger: Logger(label: "test"))
        await readiness.report(.platform, "Hatif refuses the credentials")
        #expect(await readiness.reasons == ["platform: Hatif refuses the credentials"])
        #expect(await readiness.takesWork, "deliveries are still kept; they are enriched once the credentials are fixed")
        await readiness.report(.pipeline, "database disk image is malformed")
        #expect(await readiness.reasons.count == 2)
        #expect(await !readiness.takesWork)
    }

    /// Work that passed to another worker sharing the database is no problem of this one: the
    /// error goes on to the caller, and readiness stays as it was.
    @Test func workHandedOverToAnotherWorkerIsNoReadinessProblem() async {
        struct Handed: OwnershipLost {}
        struct Broken: Error {}
        let readiness = Readiness(logger: Logger(label: "test"))
        await #expect(throws: Handed.self) { try await readiness.watching(.pipeline) { throw Handed() } }
        #expect(await readiness.reasons.isEmpty)
        #expect(await readiness.takesWork)
        await #expect(throws: Broken.self) { try await readiness.watching(.pipeline) { throw Broken() } }
        #expect(await readiness.reasons.count == 1, "any other failure is one")
    }
}
