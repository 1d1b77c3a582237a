import Logging
import ServiceLifecycle

/// Once the worker has done no work (no event processed, no action carried out) for
/// `idleSeconds`, hands back the file-backed pages only starting, a reload or a busy spell
/// touched (`ResidentPages.release`). Pages the idle loop goes on touching come back and
/// stay; if more come back than the regrowth allowance past what a trim left (a quiet poll
/// reads the platform through code nothing else uses), they are handed back again, and
/// what comes back at once after that is the idle loop's own and is kept. Besides its
/// regular looks it looks right after each poll, so that what a quiet poll paged in is
/// handed back at once, not up to `lookSeconds` later.
struct IdleTrimService: Service {
    let tally: WorkerTally
    let idleSeconds: Double
    /// Notified after each poll; nil when the worker does not poll.
    var polls: WorkSignal?
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

    /// Looks often enough to notice a quiet spell, and what a quiet poll brought in.
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
        return regrowth(next, residentKilobytes: residentKilobytes)
    }

    /// A look right after a poll, between the regular ones: once the spell has trimmed,
    /// whether the poll brought back more than the regrowth allowance. It counts no quiet
    /// time; work since the last look starts the spell again, as a regular look would.
    func lookAfterPoll(_ spell: Spell, work: Work, residentKilobytes: Int?) -> (trim: Bool, spell: Spell) {
        guard work == spell.work else { return (false, Spell(work: work)) }
        guard spell.trimmed else { return (false, spell) }
        return regrowth(spell, residentKilobytes: residentKilobytes)
    }

    /// Whether to trim again, in a spell that has trimmed: when more than the regrowth
    /// allowance came back past what the worker is held to.
    private func regrowth(_ spell: Spell, residentKilobytes: Int?) -> (trim: Bool, spell: Spell) {
        var next = spell
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
        try await run(from: Spell(work: Work(events: tally.events, actions: tally.actions)))
    }

    /// Runs from a spell already under way (tests start one that has trimmed).
    func run(from start: Spell) async throws {
        var spell = start
        let clock = ContinuousClock()
        var nextLook = clock.now + .clampedSeconds(lookSeconds)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let wait = nextLook - clock.now
            if let polls {
                await cancelWhenGracefulShutdown { await polls.wait(upTo: max(0, wait.inSeconds)) }
            } else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            let work = Work(events: tally.events, actions: tally.actions)
            let before: Int?
            let decision: (trim: Bool, spell: Spell)
            if clock.now < nextLook {
                // Woken by a poll: the resident set is read only when the spell has trimmed.
                before = spell.trimmed && work == spell.work ? residentFileKilobytes() : nil
                decision = lookAfterPoll(spell, work: work, residentKilobytes: before)
            } else {
                nextLook = clock.now + .clampedSeconds(lookSeconds)
                before = residentFileKilobytes()
                decision = look(spell, work: work, residentKilobytes: before)
            }
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
