import Foundation

extension Process {
    /// Waits for the process to end without holding a thread: `waitUntilExit()` in an async
    /// test blocks one of the cooperative pool's threads (two on a two-core machine), and every
    /// other test's fake servers stop answering meanwhile.
    func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
