import Foundation
import InboxBotCore
import Logging
import ServiceLifecycle

/// Polls a platform until shutdown, admitting events to the inbox and keeping the poller's
/// cursor in the store, so a restart carries on where it stopped. The cursor moves on only
/// once every event of a poll is queued: a failed hand-over is polled again, and the inbox
/// drops what it already has by event id.
public struct PollerService: Service {
    let platform: PlatformCapabilities
    let poller: any EventPoller
    let store: any StateStore
    let queue: any EventQueue
    let schedule: PollSchedule
    let clock: any WallClock
    let readiness: Readiness?
    /// Notified after each poll (the idle trim hands back at once what a quiet poll paged in).
    let polled: WorkSignal?
    let logger: Logger

    public init(platform: PlatformCapabilities, poller: any EventPoller, store: any StateStore, queue: any EventQueue, schedule: PollSchedule,
                clock: any WallClock, readiness: Readiness? = nil, polled: WorkSignal? = nil, logger: Logger = Logger(label: "inboxbot.poller")) {
        self.platform = platform
        self.poller = poller
        self.store = store
        self.queue = queue
        self.schedule = schedule
        self.clock = clock
        self.readiness = readiness
        self.polled = polled
        self.logger = logger
    }

    /// Where the cursor is kept: `hatif.poller` for Hatif.
    var cursorName: String { "\(platform.name).poller" }

    public func run() async throws {
        var cursor: Data
        if let saved = try await store.cursor(named: cursorName) {
            cursor = saved
        } else {
            // The first start: keep its time before anything else, so that what arrives from
            // now on is taken even if this process dies before its first poll is saved.
            cursor = try poller.initialCursor(startedAt: clock.now())
            try await store.saveCursor(named: cursorName, cursor, at: clock.now())
        }
        // A shutdown cancels the loop, a poll in progress included: the cursor already saved
        // covers everything queued, and what is polled again the inbox drops by event id.
        await cancelWhenGracefulShutdown { [self, cursor] in
            var cursor = cursor
            var schedule = schedule
            while !Task.isCancelled {
                let delay: Double
                do {
                    let polled = try await poller.poll(from: cursor)
                    for event in polled.events { try await queue.enqueue(event) }
                    try await store.saveCursor(named: cursorName, polled.cursor, at: clock.now())
                    cursor = polled.cursor
                    await readiness?.report(.platform, nil)
                    delay = schedule.next(afterFinding: polled.events.count, moreToRead: polled.moreToRead)
                } catch {
                    if Task.isCancelled { return }
                    await report(error)
                    delay = schedule.nextAfterFailure()
                }
                await polled?.notify()
                try? await Task.sleep(for: .clampedSeconds(delay))
            }
        }
    }

    /// Refused credentials make the worker not ready, with one clear line, not one per poll.
    private func report(_ error: any Error) async {
        if let readiness, (error as? any PlatformFailure)?.refusesCredentials == true {
            await readiness.report(.platform, "\(platform.title) refuses the credentials: \(error)")
        } else {
            logger.warning("poll failed; trying again", metadata: ["platform": "\(platform.name)", "error": "\(error)"])
        }
    }
}
