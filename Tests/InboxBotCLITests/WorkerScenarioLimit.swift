import Testing

/// At most two tests that run workers (with their fakes, restarts and kills) at once.
///
/// Run all together on a two-core machine they started thirty processes and kept the run
/// queue at ten: the suite's in-process tests then waited seconds for a thread, and their
/// fake servers missed their deadlines. Applied to a suite, it holds each test case, not the
/// whole suite, so a suite's parameterized cases queue like any other test.
struct WorkerScenarioLimit: TestTrait, SuiteTrait, TestScoping {
    static let slots = Slots(count: 2)

    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        await Self.slots.acquire()
        do {
            try await function()
        } catch {
            await Self.slots.release()
            throw error
        }
        await Self.slots.release()
    }

    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(count: Int) { free = count }

        func acquire() async {
            if free > 0 {
                free -= 1
            } else {
                await withCheckedContinuation { waiting.append($0) }
            }
        }

        func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }
}

extension Trait where Self == WorkerScenarioLimit {
    /// The test runs workers: it waits for one of the few slots such tests share.
    static var runsWorkers: Self { Self() }
}
