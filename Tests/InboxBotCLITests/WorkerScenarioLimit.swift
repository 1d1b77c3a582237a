import Testing

/// At most two tests that run workers (with their fakes, restarts and kills) at once.
///
/// Run all together on a two-core machine they started thirty processes and kept the run
/// queue at ten: the suite's in-process tests then waited seconds for a thread, and their
/// fake servers missed their deadlines. Applied to a suite, it holds each test case, not the
/// whole suite, so a suite's parameterized cases queue like any other test.
struct WorkerScenarioLimit: TestTrait, SuiteTrait, TestScoping {
    static let slots = Slots(count: 2)
    /// How many of the slots a test case takes: all of them for one that measures its
    /// worker's memory, which other workers of the same binary would share.
    var taking = 1

    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let count = min(taking, Self.slots.count)
        await Self.slots.acquire(count)
        do {
            try await function()
        } catch {
            await Self.slots.release(count)
            throw error
        }
        await Self.slots.release(count)
    }

    /// Slots handed out in the order asked for, each asker's all at once (two asking for
    /// all could otherwise each hold one and wait for ever).
    actor Slots {
        nonisolated let count: Int
        private var free: Int
        private var waiting: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        init(count: Int) {
            self.count = count
            free = count
        }

        /// How many wait for slots (tests of the order).
        var waitingCount: Int { waiting.count }

        func acquire(_ wanted: Int) async {
            if waiting.isEmpty, free >= wanted {
                free -= wanted
            } else {
                await withCheckedContinuation { waiting.append((wanted, $0)) }
            }
        }

        func release(_ count: Int) {
            free += count
            while let first = waiting.first, free >= first.count {
                free -= first.count
                waiting.removeFirst().continuation.resume()
            }
        }
    }
}

extension Trait where Self == WorkerScenarioLimit {
    /// The test runs workers: it waits for one of the few slots such tests share.
    static var runsWorkers: Self { Self() }

    /// The test runs workers and measures one: no other test runs workers meanwhile.
    static var runsWorkersAlone: Self { Self(taking: .max) }
}
