import Foundation
import InboxBotCore
import InboxBotWorker
import InboxBotYAML
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the rules when their files change, and on SIGHUP.
///
/// New rules are validated first and swapped in whole. When they are invalid, the worker
/// keeps running on the last good rules and logs every problem as `path:line:col`.
public struct RulesReloadService: Service {
    let paths: [String]
    /// New rules the platform cannot honour are refused like invalid ones.
    let platform: PlatformCapabilities?
    /// New rules calling an endpoint the configuration lacks are refused too.
    let endpoints: Set<String>?
    let holder: RuleSetHolder
    let store: any StateStore
    let clock: any WallClock
    let interval: Double
    let logger: Logger

    public init(paths: [String], platform: PlatformCapabilities? = nil, endpoints: Set<String>? = nil, holder: RuleSetHolder, store: any StateStore, clock: any WallClock,
                interval: Double = 2, logger: Logger = Logger(label: "inboxbot.rules")) {
        self.paths = paths
        self.platform = platform
        self.endpoints = endpoints
        self.holder = holder
        self.store = store
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { _ = await reload(because: "SIGHUP") }
                }
                group.addTask {
                    var last = signature()
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .clampedSeconds(interval))
                        let now = signature()
                        if now != last {
                            last = now
                            _ = await reload(because: "the rule files changed")
                        }
                    }
                }
                await group.waitForAll()
            }
        }
    }

    /// Loads and swaps in the rules; false (keeping the old ones) when they are invalid.
    public func reload(because reason: String) async -> Bool {
        let loaded = RuleLoader.load(paths, platform: platform, endpoints: endpoints)
        guard let ruleSet = loaded.ruleSet else {
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            for diagnostic in errors { logger.error("\(diagnostic)") }
            await holder.reject(errors.map(\.description))
            let version = await holder.current.version
            logger.error("the new rules are invalid; still running on the last good rules", metadata: ["version": "\(version)"])
            return false
        }
        let previous = await holder.current.version
        guard ruleSet.version != previous else {
            await holder.reject([])
            return true
        }
        await holder.replace(with: ruleSet, at: clock.now())
        logger.info("rules reloaded", metadata: ["reason": "\(reason)", "version": "\(ruleSet.version)", "rules": "\(ruleSet.ruleCount)"])
        try? await store.append([AuditRecord(time: clock.now(), kind: .note, conversationID: nil, eventID: nil, ruleID: nil,
                                             ruleSetVersion: ruleSet.version, message: "rules reloaded (\(reason)); was \(previous)")])
        return true
    }

    /// The rule files, each with the file it finally resolves to, its size and its
    /// modification time. Symlinks are followed: a swapped `current -> releases/N`, or a
    /// Kubernetes ConfigMap whose `..data` link is swapped atomically, changes the signature
    /// though no file under the rules path was written.
    func signature() -> String {
        let files = RuleLoader.ruleFiles(in: paths).files
        return files.map { file in
            let target = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
            let attributes = try? FileManager.default.attributesOfItem(atPath: target)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? Int) ?? 0
            return "\(file)>\(target):\(size):\(modified)"
        }.joined(separator: "\n")
    }
}
