import Foundation
import InboxBotCore
import InboxBotHatif
import Logging
import ServiceLifecycle

/// Polls Hatif until shutdown, admitting events to the inbox and keeping the poller's
/// positions in the store, so a restart carries on where it stopped.
public struct PollerService: Service {
    static let cursorName = "hatif.poller"

    let client: HatifClient
    let directory: HatifDirectory
    let store: any StateStore
    let queue: any EventQueue
    let schedule: PollSchedule
    let clock: any WallClock
    let readiness: Readiness?
    let logger: Logger

    public init(client: HatifClient, directory: HatifDirectory, store: any StateStore, queue: any EventQueue, schedule: PollSchedule, clock: any WallClock,
                readiness: Readiness? = nil, logger: Logger = Logger(label: "inboxbot.poller")) {
        self.client = client
        self.directory = directory
        self.store = store
        self.queue = queue
        self.schedule = schedule
        self.clock = clock
        self.readiness = readiness
        self.logger = logger
    }

    public func run() async throws {
        var state = try await store.cursor(named: Self.cursorName).flatMap { try? JSONDecoder().decode(HatifPoller.State.self, from: $0) }
        if state == nil {
            // The first start: keep its time before anything else, so that what arrives from
            // now on is taken even if this process dies before its first poll is saved.
            let fresh = HatifPoller.State(startedAt: clock.now())
            try await store.saveCursor(named: Self.cursorName, try JSONEncoder().encode(fresh), at: clock.now())
            state = fresh
        }
        let poller = HatifPoller(client: client, directory: directory, state: state ?? HatifPoller.State())
        let (store, clock, logger, readiness) = (store, clock, logger, readiness)
        // A shutdown cancels the loop; positions already persisted cover everything queued.
        await cancelWhenGracefulShutdown {
            await poller.run(
                queue: queue, schedule: schedule,
                persist: { state in
                    try await store.saveCursor(named: Self.cursorName, try JSONEncoder().encode(state), at: clock.now())
                    await readiness?.report(.platform, nil)
                },
                onError: { error in
                    // Refused credentials make the worker not ready, with one clear line, not one per poll.
                    if let error = error as? HatifError, error.refusesCredentials, let readiness {
                        await readiness.report(.platform, "Hatif refuses the credentials: \(error)")
                    } else {
                        logger.warning("poll failed; trying again", metadata: ["error": "\(error)"])
                    }
                })
        }
    }
}
