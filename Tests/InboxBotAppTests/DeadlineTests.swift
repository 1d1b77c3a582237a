import Foundation
import Synchronization
import Testing
@testable import InboxBotApp

/// `Deadline.run`: the caller gets its answer at the deadline even from work that ignores
/// cancellation (a query stuck on a connection the database killed), and otherwise the work's.
@Suite struct DeadlineTests {
    /// Work that waits on something only `release` ends, cancelled or not.
    final class Stuck: Sendable {
        let waiting = Mutex<CheckedContinuation<Int, Never>?>(nil)
        let released = Mutex(false)

        func work() async -> Int {
            await withCheckedContinuation { continuation in waiting.withLock { $0 = continuation } }
        }

        func release() {
            released.withLock { $0 = true }
            waiting.withLock { $0?.resume(returning: 1); $0 = nil }
        }
    }

    @Test func theCallerIsAnsweredAtTheDeadlineWhileStuckWorkIsLeftBehind() async throws {
        let stuck = Stuck()
        // Released long after the deadline: a deadline that waited for the work would return only then.
        // A minute: in a full run other tests starve this process's pool for up to 21 s (seen in CI).
        let releaser = Task {
            try? await Task.sleep(for: .seconds(60))
            stuck.release()
        }
        defer { releaser.cancel(); stuck.release() }
        await #expect(throws: Deadline.Exceeded.self) { try await Deadline.run(seconds: 0.2) { await stuck.work() } }
        #expect(!stuck.released.withLock { $0 }, "answered before the stuck work ended")
    }

    @Test func theWorksAnswerAndErrorComeThrough() async throws {
        #expect(try await Deadline.run(seconds: 5) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await Deadline.run(seconds: 5) { () async throws -> Int in throw Refused() } }
    }

    @Test func cancellingTheCallerCancelsTheWork() async throws {
        let caller = Task {
            try await Deadline.run(seconds: 30) { () async throws -> Int in
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
    }
}
