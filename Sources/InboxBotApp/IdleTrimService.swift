import Logging
import ServiceLifecycle

/// Once the worker has been idle (no event processed, no action carried out) for a whole
/// `idleSeconds`, hands back the file-backed pages only starting, a reload or a busy spell
/// touched (`ResidentPages.release`). Once per idle spell: pages the idle worker goes on
/// touching come back, and stay.
struct IdleTrimService: Service {
    let tally: WorkerTally
    let idleSeconds: Double
    let logger: Logger
    /// What trimming does; tests count the calls.
    var release: @Sendable () -> ResidentPages.Released = ResidentPages.release

    func run() async throws {
        var seen = (events: tally.events, actions: tally.actions)
        var trimmedAt: (events: Int, actions: Int)?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(idleSeconds)) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            let now = (events: tally.events, actions: tally.actions)
            if now == seen, trimmedAt.map({ $0 != now }) ?? true {
                let before = ResidentPages.kilobytes("RssFile")
                let released = release()
                trimmedAt = now
                logger.debug("idle: handed back file-backed pages", metadata: [
                    "mappings": "\(released.mappings)", "refused": "\(released.refused)",
                    "rss_file_kb": "\(before.map(String.init) ?? "?") → \(ResidentPages.kilobytes("RssFile").map(String.init) ?? "?")",
                ])
            }
            seen = now
        }
    }
}
