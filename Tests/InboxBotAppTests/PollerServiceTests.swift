import Foundation
import InboxBotCore
import InboxBotState
import ServiceLifecycle
import Testing
@testable import InboxBotApp

/// The polling loop, for any connector's poller: the cursor is saved only once every event
/// of a poll is queued, so a failed hand-over loses nothing.
@Suite struct PollerServiceTests {
    /// Gives two events after cursor "0", then nothing; the cursor counts polls that gave events.
    actor ScriptedPoller: EventPoller {
        private(set) var cursorsPolled: [String] = []

        nonisolated func initialCursor(startedAt time: Date) throws -> Data { Data("0".utf8) }

        func poll(from cursor: Data) async throws -> PollResult {
            let text = String(decoding: cursor, as: UTF8.self)
            cursorsPolled.append(text)
            guard text == "0" else { return PollResult(events: [], cursor: cursor) }
            return PollResult(events: [PollerServiceTests.event("one"), PollerServiceTests.event("two")], cursor: Data("1".utf8))
        }
    }

    actor FlakyQueue: EventQueue {
        var failuresLeft: Int
        private(set) var events: [Event] = []

        init(failures: Int) { failuresLeft = failures }

        func enqueue(_ event: Event) async throws {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw CancellationError()
            }
            events.append(event)
        }

        func changeContacts(_ changes: [ContactChange], audit: [AuditRecord]) async throws {}
    }

    static func event(_ id: String) -> Event {
        Event(id: id, type: .messageReceived, time: Date(timeIntervalSince1970: 1_773_748_800), conversation: ConversationSnapshot(id: "c-1"),
              message: Message(direction: .inbound, body: id))
    }

    @Test func aFailedHandOverIsPolledAgainAndTheCursorMovesOnlyAfter() async throws {
        let store: any StateStore = InMemoryStateStore()
        let poller = ScriptedPoller()
        let queue = FlakyQueue(failures: 1)
        let platform = PlatformCapabilities(name: "scripted", title: "Scripted", eventTypes: [.messageReceived], platformStatuses: [("open", .open)], hasTags: false, idPrefix: "scripted:")
        let service = PollerService(platform: platform, poller: poller, store: store, queue: queue,
                                    schedule: PollSchedule(interval: 0.05, maximumInterval: 0.1), clock: SystemWallClock())
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [], logger: .init(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<100 where await queue.events.count < 2 { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await queue.events.map(\.id) == ["one", "two"], "the failed hand-over was polled again, and each event queued once")
        #expect(await poller.cursorsPolled.prefix(2) == ["0", "0"])
        #expect(try await store.cursor(named: "scripted.poller") == Data("1".utf8))
    }
}
