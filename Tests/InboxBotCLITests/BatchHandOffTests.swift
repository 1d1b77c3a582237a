import Foundation
import Synchronization
import Testing

@testable import InboxBotCLI

/// The hand-off between `inboxbot replay`'s decoding thread and the thread that replays.
struct BatchHandOffTests {
    /// Batches arrive in the order put, and nil follows the last: nothing is lost or
    /// reordered however the two threads interleave.
    @Test func batchesArriveInOrderThenTheEnd() async throws {
        let handOff = BatchHandOff<[Int]>(capacity: 3)
        let taken = try await DedicatedThread.with { producer in
            try await withThrowingTaskGroup { group in
                group.addTask(executorPreference: producer) {
                    defer { handOff.finish() }
                    for batch in 0..<500 { handOff.put([batch, batch]) }
                }
                var taken: [Int] = []
                while let batch = await handOff.take() { taken += batch }
                try await group.waitForAll()
                return taken
            }
        }
        #expect(taken == (0..<500).flatMap { [$0, $0] })
        #expect(await handOff.take() == nil)
    }

    /// The producer runs ahead by `capacity` batches and then waits: a replay's memory does
    /// not grow with the file when decoding outruns it.
    @Test func theProducerWaitsWhenCapacityBatchesWait() async throws {
        let handOff = BatchHandOff<Int>(capacity: 2)
        let put = Count()
        try await DedicatedThread.with { producer in
            try await withThrowingTaskGroup { group in
                group.addTask(executorPreference: producer) {
                    defer { handOff.finish() }
                    for batch in 0..<6 {
                        handOff.put(batch)
                        put.value.add(1, ordering: .sequentiallyConsistent)
                    }
                }
                // Two go in at once (waited for up to 10 s on a loaded machine); the third waits
                // for a free slot however long it is given.
                for _ in 0..<2_000 where put.value.load(ordering: .sequentiallyConsistent) < 2 { try await Task.sleep(for: .milliseconds(5)) }
                try await Task.sleep(for: .milliseconds(100))
                #expect(put.value.load(ordering: .sequentiallyConsistent) == 2)
                #expect(await handOff.take() == 0)
                for _ in 0..<2_000 where put.value.load(ordering: .sequentiallyConsistent) < 3 { try await Task.sleep(for: .milliseconds(5)) }
                try await Task.sleep(for: .milliseconds(100))
                #expect(put.value.load(ordering: .sequentiallyConsistent) == 3)
                var rest: [Int] = []
                while let batch = await handOff.take() { rest.append(batch) }
                #expect(rest == [1, 2, 3, 4, 5])
                try await group.waitForAll()
            }
        }
    }

    /// Work that prefers a dedicated thread runs there, and nowhere else.
    @Test func tasksPreferringTheThreadRunOnIt() async throws {
        let (onIt, elsewhere) = try await DedicatedThread.with { thread in
            let onIt = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask(executorPreference: thread) {
                        await Task.yield()
                        return thread.isCurrent
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            return (onIt, thread.isCurrent)
        }
        #expect(onIt == Array(repeating: true, count: 20))
        #expect(!elsewhere)
    }

    /// `run`'s body, and the tasks it makes without a preference of their own, run on its thread.
    @Test func aRunAndItsTasksStayOnItsThread() async throws {
        let (body, children) = try await DedicatedThread.run { thread in
            let children = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        await Task.yield()
                        return thread.isCurrent
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            return (thread.isCurrent, children)
        }
        #expect(body)
        #expect(children == Array(repeating: true, count: 10))
    }

    private final class Count: Sendable {
        let value = Atomic(0)
    }
}
