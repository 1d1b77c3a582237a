import Foundation
import ServiceLifecycle

/// Runs `work` again and again until graceful shutdown, resting `idle` seconds when it
/// found nothing to do. A shutdown lets the work in hand finish: the drain.
enum WorkLoop {
    static func run(idle: Double, onError: @Sendable (any Error) -> Void, _ work: @Sendable () async throws -> Int) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var done = 0
            do {
                done = try await work()
            } catch {
                onError(error)
            }
            if done == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(idle * 1000))) }
            }
        }
    }
}
