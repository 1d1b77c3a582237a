import Foundation
import ServiceLifecycle

/// Runs `work` again and again until graceful shutdown. When it found nothing to do, it
/// rests until `signal` says there is work, or `idle` seconds at most. A shutdown lets the
/// work in hand finish: the drain.
enum WorkLoop {
    static func run(idle: Double, signal: WorkSignal?, onError: @Sendable (any Error) -> Void, _ work: @Sendable () async throws -> Int) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var done = 0
            do {
                done = try await work()
            } catch {
                onError(error)
            }
            if done == 0 {
                if let signal {
                    await signal.wait(upTo: idle)
                } else {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(idle * 1000))) }
                }
            }
        }
    }
}
