import Foundation

extension Process {
    /// Waits for the process to end without holding a thread: `waitUntilExit()` in an async
    /// test blocks one of the cooperative pool's threads (two on a two-core machine), and every
    /// other test's fake servers stop answering meanwhile.
    func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Waits at most `limit` for the process to end; false if it still runs.
    func exited(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return !isRunning
    }
}
