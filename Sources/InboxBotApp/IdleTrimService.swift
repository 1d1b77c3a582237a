import Logging
import ServiceLifecycle

/// Once the worker has done no work (no event processed, no action carried out) for
/// `idleSeconds`, hands back the file-backed pages only starting, a reload or a busy spell
/// touched (`ResidentPages.release`). Pages the idle loop goes on touching come back and
/// stay; if more come back than the regrowth allowance past what a trim left (a quiet poll
/// reads the platform through code nothing else uses), they are handed back again, and
/// what comes back at once after that is the idle loop's own and is kept.
struct IdleTrimService: Service {
    let tally: WorkerTally
    let idleSeconds: Double
    /// How much the file-backed resident set may grow past the idle loop's own before it is
    /// handed back again.
    var regrowthKilobytes = 2048
    let logger: Logger
    /// What trimming does, and how much is file-backed and resident; tests count the calls.
    var release: @Sendable () -> ResidentPages.Released = ResidentPages.release
    var residentFileKilobytes: @Sendable () -> Int? = { ResidentPages.kilobytes("RssFile") }

    /// The worker's work so far.
    struct Work: Equatable {
        var events: Int
        var actions: Int
    }

    /// Where the idle spell stands, advanced at each look.
    struct Spell: Equatable {
        var work: Work
        /// Looks in a row that found no new work.
        var quietLooks = 0
        var trimmed = false
        /// The file-backed resident set to keep to: right after the last trim, or what came
        /// back at once after two trims in a row (the idle loop's own).
        var settledKilobytes: Int?
        /// Whether the last trim was for pages that came back: if they come back again at
        /// once, they are the idle loop's own, and are kept.
        var retrimmed = false
    }

    /// Looks often enough to hand back what a quiet poll brought in soon after it.
    var lookSeconds: Double { min(idleSeconds, 10) }

    /// One look: whether to trim now, and the spell after it.
    func look(_ spell: Spell, work: Work, residentKilobytes: Int?) -> (trim: Bool, spell: Spell) {
        guard work == spell.work else { return (false, Spell(work: work)) }
        var next = spell
        next.quietLooks += 1
        guard Double(next.quietLooks) * lookSeconds >= idleSeconds else { return (false, next) }
        if !next.trimmed {
            next.trimmed = true
            return (true, next)
        }
        guard let resident = residentKilobytes else { return (false, next) }
        guard let settled = next.settledKilobytes else {
            next.settledKilobytes = resident
            return (false, next)
        }
        guard resident > settled + regrowthKilobytes else {
            next.retrimmed = false
            return (false, next)
        }
        if next.retrimmed {
            next.settledKilobytes = resident
            next.retrimmed = false
            return (false, next)
        }
        // `trimmed` then holds the worker to what this trim leaves.
        next.retrimmed = true
        return (true, next)
    }

    /// The spell after a trim that left `residentKilobytes` file-backed and resident: what
    /// the next looks hold the worker to, so that pages a quiet poll brings back soon after
    /// the trim are handed back too.
    func trimmed(_ spell: Spell, residentKilobytes: Int?) -> Spell {
        var next = spell
        next.settledKilobytes = residentKilobytes
        return next
    }

    func run() async throws {
        var spell = Spell(work: Work(events: tally.events, actions: tally.actions))
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .clampedSeconds(lookSeconds)) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            let before = residentFileKilobytes()
            let decision = look(spell, work: Work(events: tally.events, actions: tally.actions), residentKilobytes: before)
            spell = decision.spell
            guard decision.trim else { continue }
            let released = release()
            let after = residentFileKilobytes()
            spell = trimmed(spell, residentKilobytes: after)
            logger.debug("idle: handed back file-backed pages", metadata: [
                "mappings": "\(released.mappings)", "refused": "\(released.refused)",
                "rss_file_kb": "\(before.map(String.init) ?? "?") → \(after.map(String.init) ?? "?")",
            ])
        }
    }
}
