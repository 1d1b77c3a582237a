import Dispatch
import Foundation
import Synchronization

/// A thread of its own that runs the tasks that prefer it (`withTaskExecutorPreference`,
/// `addTask(executorPreference:)`), for long work that should stay on one thread: glibc's
/// malloc gives each thread its own arena, and when two cores swap roles on the shared
/// pool, each frees what the other's arena holds, taking its lock while the other allocates.
final class DedicatedThread: TaskExecutor {
    private struct State {
        var jobs: [UnownedJob] = []
        var finished = false
        var thread: pthread_t?
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    private init() {}

    /// A thread for `body`'s tasks to prefer, ended once `body` returns.
    static func with<T>(_ body: (DedicatedThread) async throws -> T) async rethrows -> T {
        let thread = DedicatedThread()
        thread.start()
        defer { thread.finish() }
        return try await body(thread)
    }

    /// `body` run on a thread of its own, with the tasks it makes preferring that thread too.
    static func run<T>(_ body: (DedicatedThread) async throws -> T) async rethrows -> T {
        try await with { thread in try await withTaskExecutorPreference(thread) { try await body(thread) } }
    }

    /// Whether the caller runs on this thread.
    var isCurrent: Bool {
        state.withLock { $0.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    func enqueue(_ job: UnownedJob) {
        state.withLock { $0.jobs.append(job) }
        wakeUp.signal()
    }

    private func start() {
        Thread { [self] in
            state.withLock { $0.thread = pthread_self() }
            // One signal per job enqueued and one for the end: each pass takes all there are.
            while true {
                wakeUp.wait()
                let (jobs, finished) = state.withLock { state in
                    defer { state.jobs.removeAll(keepingCapacity: true) }
                    return (state.jobs, state.finished)
                }
                for job in jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
                if finished, jobs.isEmpty { return }
            }
        }.start()
    }

    private func finish() {
        state.withLock { $0.finished = true }
        wakeUp.signal()
    }
}
