import Foundation
import InboxBotCore
import ServiceLifecycle

/// Runs `work` again and again until graceful shutdown. A pass returns whether it stopped at
/// its limit: then more may be waiting, and it runs again at once. Otherwise it rests until
/// `signal` says there is work, or `idle` seconds at most; work that came in during the pass
/// has said so already (a notification while nobody waits is kept), so under load each pass
/// takes what came in during the last one, and at a steady rate no pass runs just to find
/// nothing. A failed pass counts as one that found nothing (`work` reports its own failures).
/// A shutdown lets the work in hand finish: the drain.
enum WorkLoop {
    static func run(idle: Double, signal: WorkSignal?, _ work: () async throws -> Bool) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let full = (try? await work()) ?? false
            guard !full else { continue }
            if let signal {
                await signal.wait(upTo: idle)
            } else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(idle)) }
            }
        }
    }
}
