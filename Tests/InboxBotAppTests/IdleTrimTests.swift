import Foundation
import Logging
import Synchronization
import Testing

@testable import InboxBotApp

@Suite struct IdleTrimTests {
    @Test func mapsLinesGiveReadOnlyFileMappingsOnly() {
        let lines: [(String, Range<UInt>?)] = [
            ("55d0c0a00000-55d0c2a00000 r-xp 00200000 08:01 1234 /usr/bin/inboxbot", 0x55d0_c0a0_0000..<0x55d0_c2a0_0000),
            ("7f00aa000000-7f00aa001000 r--p 00000000 08:01 99 /usr/lib/with spaces/lib.so", 0x7f00_aa00_0000..<0x7f00_aa00_1000),
            ("7f00aa001000-7f00aa002000 rw-p 00001000 08:01 99 /usr/lib/libc.so.6", nil),  // written: would need swap
            ("7f00aa002000-7f00aa003000 r--p 00000000 00:00 0 ", nil),  // anonymous
            ("7ffd12345000-7ffd12347000 r-xp 00000000 00:00 0 [vdso]", nil),
            ("7f00aa003000-7f00aa002000 r--p 00000000 08:01 99 /backwards", nil),
            ("zz-7f00aa002000 r--p 00000000 08:01 99 /x", nil),
            ("", nil),
        ]
        for (line, expected) in lines {
            #expect(ResidentPages.readOnlyFileMapping(Substring(line)) == expected, "\(line)")
        }
    }

    #if os(Linux)
    /// This test process's code pages read from disk go back to the kernel.
    @Test func releasingDropsFileBackedResidentPages() throws {
        let mappings = ResidentPages.readOnlyFileMappings()
        #expect(mappings.count > 5)
        let before = try #require(ResidentPages.kilobytes("RssFile"))
        let released = ResidentPages.release()
        let after = try #require(ResidentPages.kilobytes("RssFile"))
        #expect(released.mappings == mappings.count)
        #expect(released.refused == 0)
        // Pages other processes map (the shared Swift libraries) stay; this test bundle's own
        // code, resident since it ran, goes.
        #expect(after < before, "RssFile \(before) kB before, \(after) kB after")
    }
    #endif

    /// A look at a time: trims once the worker has been idle for `idleSeconds`, holds the
    /// worker to what the trim left, trims again when more than the regrowth comes back,
    /// and keeps what comes back at once after a second trim (the idle loop's own).
    @Test func looksTrimOnceIdleAndAgainOnRegrowth() {
        let service = IdleTrimService(tally: WorkerTally(), idleSeconds: 60, logger: Logger(label: "test"))
        #expect(service.lookSeconds == 10)
        typealias Work = IdleTrimService.Work
        var spell = IdleTrimService.Spell(work: Work(events: 5, actions: 1))
        var trims: [Bool] = []
        // (work, RssFile kB at the look, RssFile kB right after a trim, if it trims), 10 s apart.
        let idle = Work(events: 6, actions: 1)
        let looks: [(Work, Int, Int)] = [
            (idle, 40_000, 0),  // work: the spell starts again
        ] + Array(repeating: (idle, 40_000, 18_000), count: 6)  // a minute idle: trim at the sixth, 18 MB left
          + [(idle, 25_000, 18_100),  // a quiet poll right after the trim brought 7 MB back: trim again
             (idle, 19_000, 0),  // within the regrowth of what that trim left
             (idle, 19_500, 0),
             (idle, 26_000, 18_100),  // another poll: trim
             (idle, 22_500, 0),  // came back at once after that trim: the idle loop's own, kept
             (idle, 23_000, 0),  // within the regrowth of that
             (Work(events: 6, actions: 2), 30_000, 0),  // an action: a new spell, no trim
             (Work(events: 6, actions: 2), 30_000, 0)]
        for (work, resident, afterTrim) in looks {
            let decision = service.look(spell, work: work, residentKilobytes: resident)
            trims.append(decision.trim)
            spell = decision.trim ? service.trimmed(decision.spell, residentKilobytes: afterTrim) : decision.spell
        }
        #expect(trims == [false, false, false, false, false, false, true, true, false, false, true, false, false, false, false])
        #expect(spell == IdleTrimService.Spell(work: Work(events: 6, actions: 2), quietLooks: 1))
    }

    /// A look right after a poll counts no quiet time and trims nothing before the spell's
    /// first trim; after it, it hands back what the poll brought past the allowance.
    @Test func looksAfterAPollHandBackWhatItBrought() {
        let service = IdleTrimService(tally: WorkerTally(), idleSeconds: 60, logger: Logger(label: "test"))
        typealias Work = IdleTrimService.Work
        let idle = Work(events: 6, actions: 1)
        let quiet = IdleTrimService.Spell(work: idle, quietLooks: 3)
        #expect(service.lookAfterPoll(quiet, work: idle, residentKilobytes: 40_000) == (false, quiet))
        let trimmed = IdleTrimService.Spell(work: idle, quietLooks: 7, trimmed: true, settledKilobytes: 18_000)
        let afterPoll = service.lookAfterPoll(trimmed, work: idle, residentKilobytes: 23_000)
        #expect(afterPoll.trim)
        #expect(afterPoll.spell.quietLooks == 7 && afterPoll.spell.retrimmed)
        #expect(service.lookAfterPoll(trimmed, work: idle, residentKilobytes: 19_500) == (false, trimmed))
        let busy = Work(events: 7, actions: 1)
        #expect(service.lookAfterPoll(trimmed, work: busy, residentKilobytes: 23_000) == (false, IdleTrimService.Spell(work: busy)))
    }

    /// Running, a poll's notice makes the service look at once and hand back what the poll
    /// brought. Its regular looks could not: the spell has not been quiet for the hour they
    /// wait for. Not timed: the tests running beside this one can hold up its tasks for seconds,
    /// even past its first regular look (then the wake is taken as that look, and the spell,
    /// trimmed with no quiet time, is a state no worker reaches); so it is notified again,
    /// as a worker's poller notifies at every poll: twenty times, half a second apart. Were
    /// every wake taken as a regular look, those would count 200 s of quiet, not the hour.
    @Test func aPollIsLookedAtOnce() async throws {
        let trims = Mutex(0)
        let polls = WorkSignal()
        let service = IdleTrimService(tally: WorkerTally(), idleSeconds: 3_600, polls: polls, logger: Logger(label: "test"), release: {
            trims.withLock { $0 += 1 }
            return ResidentPages.Released()
        }, residentFileKilobytes: { 23_000 })
        // Trimmed to 18 MB; a quiet poll has just paged 5 MB back in.
        let trimmed = IdleTrimService.Spell(work: IdleTrimService.Work(events: 0, actions: 0), trimmed: true, settledKilobytes: 18_000)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run(from: trimmed) }
            var notices = 0
            while trims.withLock({ $0 }) == 0, ContinuousClock.now - start < .seconds(60) {
                if notices < 20 {
                    await polls.notify()
                    notices += 1
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            group.cancelAll()
        }
        #expect(trims.withLock { $0 } == 1, "the poll's pages handed back")
    }

    /// Trims once per idle spell: not while work goes on, once when it stops, again after
    /// the next spell of work.
    @Test func trimsOncePerIdleSpell() async throws {
        let tally = WorkerTally()
        let trims = Mutex(0)
        // Nothing comes back after a trim here: the other tests running beside this one
        // touch this process's code, which is not what this test is about.
        let service = IdleTrimService(tally: tally, idleSeconds: 0.2, logger: Logger(label: "test"), release: {
            trims.withLock { $0 += 1 }
            return ResidentPages.Released()
        }, residentFileKilobytes: { 20_000 })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            // Busy: an event in every interval, so no whole interval is idle.
            for _ in 0..<100 {
                tally.processed()
                try await Task.sleep(for: .milliseconds(10))
            }
            let whileBusy = trims.withLock { $0 }
            try await Task.sleep(for: .milliseconds(1000))
            let afterIdle = trims.withLock { $0 }
            tally.acted()
            try await Task.sleep(for: .milliseconds(1000))
            let afterMoreWork = trims.withLock { $0 }
            group.cancelAll()
            #expect(whileBusy == 0)
            #expect(afterIdle == 1)
            #expect(afterMoreWork == 2)
        }
    }
}
