import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import InboxBotWorker
import Testing
@testable import InboxBotApp

@Suite struct RetentionServiceTests {
    @Test func oldAuditAndProcessedEventsArePrunedAndPendingOnesKept() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-retention-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let t0 = Date(timeIntervalSince1970: 1_773_748_800)
        let clock = ManualWallClock(t0)
        func event(_ id: String) -> Event {
            Event(id: id, type: .messageReceived, time: t0, conversation: ConversationSnapshot(id: "c-1"), message: Message(direction: .inbound, body: "hi"))
        }
        _ = try await store.admit(event("done"), source: "poll", at: t0)
        _ = try await store.admit(event("waiting"), source: "poll", at: t0)
        let note = AuditRecord(time: t0, kind: .note, conversationID: "c-1", eventID: "done", ruleID: nil, ruleSetVersion: "v", message: "old")
        try await store.complete(eventID: "done", actions: [], firings: [], audit: [note], at: t0)
        let service = RetentionService(store: store, clock: clock, auditSeconds: 30 * 86_400, eventSeconds: 7 * 86_400)

        clock.advance(by: 8 * 86_400)
        #expect(try await service.prune() == 1, "the processed event, not the audit yet")
        #expect(try await store.event(id: "done") == nil)
        #expect(try await store.pendingEvents(limit: 10).map(\.id) == ["waiting"], "what waits is never pruned")
        #expect(try await store.audit(conversationID: "c-1", limit: 10).map(\.message) == ["old"])
        // A repeat of the pruned event is taken as new: the retention must outlast redeliveries.
        clock.advance(by: 23 * 86_400)
        #expect(try await service.prune() == 1)
        #expect(try await store.audit(conversationID: "c-1", limit: 10).isEmpty)
    }

    @Test func retentionIsConfigurable() throws {
        let configuration = try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_RETENTION_AUDIT": "90d", "INBOXBOT_RETENTION_EVENTS": "2d"])
        #expect(configuration.auditRetentionSeconds == 90 * 86_400)
        #expect(configuration.eventRetentionSeconds == 2 * 86_400)
        #expect(throws: WorkerConfiguration.Problem.self) { try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_RETENTION_EVENTS": "5m"]) }
    }
}
