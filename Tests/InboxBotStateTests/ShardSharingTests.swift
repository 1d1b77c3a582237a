import Foundation
import InboxBotCore
import InboxBotPostgres
import PostgresNIO
import Testing
@testable import InboxBotState

/// Several workers on one database: the round-robin turn is taken atomically by every store,
/// and on PostgreSQL each worker reads the work of its own shards only and cannot write
/// about conversations whose shards it does not hold, nor any more once it lost them.
@Suite struct ShardSharingTests {
    typealias Contract = StateStoreContractTests

    @Test(arguments: Contract.kinds) func concurrentCallersNeverTakeTheSameTurn(_ kind: Contract.StoreKind) async throws {
        try await Contract.withStore(kind) { store, reopen in
            let other = try await reopen()  // a second worker on the same storage
            let turns = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 { group.addTask { try await (index.isMultiple(of: 2) ? store : other).nextTurn(named: "round-robin:a,b", at: Contract.t0) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(turns.sorted() == Array(0..<40))
            #expect(try await store.cursor(named: "round-robin:a,b") == Data("40".utf8), "kept as the cursor of that name")
        }
    }

    /// Two workers, each holding half the shards at first; then the first is paused past its
    /// leases and the second takes them over.
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func eachWorkerReadsAndWritesOnlyWhatItsShardsHold() async throws {
        try await PostgresTestServer.withSchema { client, schema in
            let store = try await PostgresStateStore.open(client: client, schema: schema)
            let leasesA = PostgresShardLeases(store: store, owner: "a", seconds: 60)
            let leasesB = PostgresShardLeases(store: store, owner: "b", seconds: 30)
            let claimsA = ShardClaims(owner: "a"), claimsB = ShardClaims(owner: "b")
            let half = PostgresStateStore.shardCount / 2
            let takenA = try await leasesA.claim(upTo: half)
            let takenB = try await leasesB.claim(upTo: PostgresStateStore.shardCount)
            #expect(takenA.count == half && takenB.count == half, "the rest, none twice")
            #expect(Set(takenA.keys).isDisjoint(with: takenB.keys))
            #expect(try await leasesB.claim(upTo: 1).isEmpty, "none free")
            for (claims, taken) in [(claimsA, takenA), (claimsB, takenB)] {
                claims.hold(taken)
                claims.markReady(taken.keys)
            }
            let shareA = store.share(claimsA), shareB = store.share(claimsB)

            let events = (0..<40).map { Contract.event("e\($0)", conversation: "c-\($0)") }
            _ = try await store.admit(events, source: "webhook", at: Contract.t0)
            let seenA = try await shareA.pendingEvents(limit: 100).map(\.id), seenB = try await shareB.pendingEvents(limit: 100).map(\.id)
            #expect(Set(seenA).isDisjoint(with: seenB))
            #expect(Set(seenA + seenB) == Set(events.map(\.id)), "every event is some worker's")
            #expect(!seenA.isEmpty && !seenB.isEmpty)
            let ownA = try #require(events.first { seenA.contains($0.id) }), ownB = try #require(events.first { seenB.contains($0.id) })

            // A cannot complete B's event, nor queue actions on B's conversation.
            await #expect(throws: PostgresStateStore.LeaseLost.self) {
                try await shareA.complete(eventID: ownB.id, actions: [Contract.entry(ownB)], firings: [], audit: [], at: Contract.t0)
            }
            let stillPending = try await shareB.pendingEvents(limit: 100).contains { $0.id == ownB.id }
            #expect(stillPending)
            try await shareA.complete(eventID: ownA.id, actions: [Contract.entry(ownA)], firings: [], audit: [], at: Contract.t0)
            let action = Contract.entry(ownA).key
            #expect(try await shareA.dueActions(at: Contract.t0, limit: 10).map(\.key) == [action])
            #expect(try await shareB.dueActions(at: Contract.t0, limit: 10).isEmpty)

            // A is paused past its leases (here they are made to run out at once, rather than
            // waited for, so that a loaded machine cannot make them run out early); B takes its shards over.
            try await leasesA.release(takenA)
            let takenOver = try await leasesB.claim(upTo: PostgresStateStore.shardCount)
            #expect(Set(takenOver.keys) == Set(takenA.keys))
            #expect(takenOver.values.allSatisfy { $0 == 2 }, "a new epoch for each")
            claimsB.hold(takenOver)
            claimsB.markReady(takenOver.keys)

            // A resumes, still believing it holds them: nothing it writes lands.
            await #expect(throws: PostgresStateStore.LeaseLost.self) { try await shareA.markInFlight(keys: [action], at: Contract.t0) }
            await #expect(throws: PostgresStateStore.LeaseLost.self) {
                try await shareA.update(key: action, state: .done, detail: "stale", nextAttemptAt: nil, at: Contract.t0)
            }
            await #expect(throws: PostgresStateStore.LeaseLost.self) {
                try await shareA.complete(eventID: seenA[1], actions: [], firings: [], audit: [], at: Contract.t0)
            }
            #expect(try await store.action(key: action)?.state == .pending, "not marked in flight, not settled")
            #expect(try await leasesA.renew(claimsA.epochs).isEmpty, "A finds it lost them all")
            #expect(try await shareB.dueActions(at: Contract.t0, limit: 10).map(\.key) == [action], "B carries the action out")
            try await shareB.markInFlight(keys: [action], at: Contract.t0)
            #expect(try await shareB.actions(in: [.inFlight], shards: Array(takenOver.keys), limit: 10).map(\.key) == [action])
            #expect(try await leasesB.renew(claimsB.epochs).count == PostgresStateStore.shardCount)
        }
    }

    @Test func wakeupsNameTheQueueAndTheShards() {
        #expect(Wakeup(queue: .inbox, shards: [17, 3]).payload == "inbox 3,17")
        #expect(Wakeup(payload: "outbox 5") == Wakeup(queue: .outbox, shards: [5]))
        #expect(Wakeup(payload: "inbox ") == Wakeup(queue: .inbox, shards: []))
        #expect(Wakeup(payload: "timers 1") == nil, "a queue this version does not know")
    }

    /// Admitting events and queueing actions notify the schema's listeners, naming the shards.
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func admittingAndQueueingWakeTheListenersOfTheirShards() async throws {
        try await PostgresTestServer.withSchema { client, schema in
            let store = try await PostgresStateStore.open(client: client, schema: schema)
            let (heard, hear) = AsyncStream<Wakeup>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.listen { payload in if let wakeup = Wakeup(payload: payload) { hear.yield(wakeup) } } }
                defer { group.cancelAll() }
                try await Task.sleep(for: .milliseconds(300))  // listening
                let event = Contract.event("w1", conversation: "c-wake")
                _ = try await store.admit(event, source: "webhook", at: Contract.t0)
                try await store.complete(eventID: "w1", actions: [Contract.entry(event)], firings: [], audit: [], at: Contract.t0)
                var iterator = heard.makeAsyncIterator()
                let inbox = try #require(await iterator.next())
                let outbox = try #require(await iterator.next())
                #expect(inbox.queue == .inbox && outbox.queue == .outbox)
                #expect(inbox.shards.count == 1 && inbox.shards == outbox.shards, "the conversation's one shard: \(inbox), \(outbox)")
            }
        }
    }
}
