import Foundation
import Synchronization
import Testing
@testable import InboxBotApp

/// `WorkLoop`: a pass that stopped at its limit runs again at once; one short of it rests
/// until its signal (work that came in meanwhile has said so), not until another pass finds nothing.
@Suite struct WorkLoopTests {
    final class Passes: Sendable {
        let count = Mutex(0)
        var now: Int { count.withLock { $0 } }
        /// Counts a pass; the first stops at its limit, the others fall short of it.
        func pass() -> Bool { count.withLock { $0 += 1; return $0 == 1 } }
    }

    /// Waits up to five seconds for `condition`.
    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    @Test func aFullPassRunsAgainAtOnceAndAShortOneRestsUntilSignalled() async throws {
        let signal = WorkSignal()
        let passes = Passes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // An idle wait far longer than the test: only the signal may end a rest.
            group.addTask {
                await WorkLoop.run(idle: 600, signal: signal) { passes.pass() }
            }
            #expect(try await Self.eventually { passes.now == 2 }, "a full pass is followed by another at once")
            try await Task.sleep(for: .milliseconds(300))
            #expect(passes.now == 2, "a short pass rests: nothing signalled more work")

            await signal.notify()
            #expect(try await Self.eventually { passes.now == 3 }, "the signal starts the next pass")
            // Each signal, one pass.
            await signal.notify()
            #expect(try await Self.eventually { passes.now == 4 })
            try await Task.sleep(for: .milliseconds(300))
            #expect(passes.now == 4)
            group.cancelAll()
        }
    }
}
