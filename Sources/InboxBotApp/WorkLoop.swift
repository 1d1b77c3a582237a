import Foundation
import InboxBotCore
import ServiceLifecycle

/// Runs `work` again and again until graceful shutdown. When it found nothing to do, it
/// rests until `signal` says there is work, or `idle` seconds at most. Under load, each pass
/// takes what came in during the last one, so batches form without waiting for them. A
/// failed pass counts as finding nothing (`work` reports its own failures). A shutdown lets
/// the work in hand finish: the drain.
enum WorkLoop {
    static func run(idle: Double, signal: WorkSignal?, _ work: @Sendable () async throws -> Int) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let done = (try? await work()) ?? 0
            if done == 0 {
                if let signal {
                    await signal.wait(upTo: idle)
                } else {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(idle)) }
                }
            }
        }
    }
}
