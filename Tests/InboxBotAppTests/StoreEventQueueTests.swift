import Foundation
import GRDB
import InboxBotCore
import InboxBotState
import Logging
import Testing
@testable import InboxBotApp

@Suite struct StoreEventQueueTests {
    static func event(_ id: String, conversation: String) -> Event {
        Event(id: id, type: .messageReceived, time: Date(timeIntervalSince1970: 1_773_748_800),
              conversation: ConversationSnapshot(id: conversation), message: Message(direction: .inbound, body: "hi \(id)"))
    }

    @Test func eventsArrivingTogetherAreEachCommittedOnceInOrder() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-queue-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let admitted = Admissions()
        let queue = StoreEventQueue(store: store, source: "webhook", clock: SystemWallClock()) { event, isNew in
            await admitted.note(event.id, isNew)
        }
        // 300 deliveries at once, a third of them repeats of others: group commits under load.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask { try await queue.enqueue(Self.event("e\(index % 200)", conversation: "c-\(index % 7)")) }
            }
            try await group.waitForAll()
        }
        #expect(await admitted.new.count == 200, "each event new exactly once")
        #expect(await admitted.repeats == 100)
        let pending = try await store.pendingEvents(limit: 1000)
        #expect(Set(pending.map(\.id)) == Set((0..<200).map { "e\($0)" }))
        #expect(pending.count == 200)
    }

    /// A platform's word on a contact (TextUs's opt-out webhook) is stored before the
    /// delivery is answered, with its audit line.
    @Test func aContactChangeIsStoredWithItsAuditLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-queue-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let queue = StoreEventQueue(store: store, source: "webhook", clock: SystemWallClock())
        let at = Date(timeIntervalSince1970: 1_773_748_800)
        let note = AuditRecord(time: at, kind: .note, conversationID: nil, eventID: nil, ruleID: nil, ruleSetVersion: "", message: "phone:13035550142 opted out on TextUs")
        try await queue.changeContacts([.optOut(keys: ["phone:13035550142"], OptOut(at: at, eventID: "textus:d1", ruleID: nil))], audit: [note])
        let list = try await store.optOutList(limit: 10)
        #expect(list.map(\.contactKey) == ["phone:13035550142"])
        #expect(list.first?.optOut.eventID == "textus:d1")
        #expect(try await store.optOuts(contactKeys: ["phone:13035550142", "id:x"])["phone:13035550142"]?.at == at)
        #expect(try await store.recentAudit(limit: 5).map(\.message).contains("phone:13035550142 opted out on TextUs"))
        try await queue.changeContacts([.optIn(keys: ["phone:13035550142"])], audit: [])
        #expect(try await store.optOutList(limit: 10).isEmpty)
    }

    /// A store that does not answer (here another connection holds the write lock, and
    /// SQLite would wait 5 s for it): every delivery is refused by the queue's own deadline,
    /// those waiting behind the commit under way too, and the store is reported not ready.
    @Test(.timeLimit(.minutes(1))) func aStoreThatDoesNotAnswerIsGivenUpOnAtTheDeadline() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-queue-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let readiness = Readiness(logger: Logger(label: "test"))
        let queue = StoreEventQueue(store: store, source: "webhook", clock: SystemWallClock(), readiness: readiness, admitSeconds: 0.4)
        let holder = try DatabaseQueue(path: path)
        let (locked, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        DispatchQueue.global().async {
            try? holder.write { db in
                try db.execute(sql: "UPDATE cursors SET name = name")
                locked.signal()
                release.wait()
            }
        }
        locked.wait()
        let answers = await withTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        try await queue.enqueue(Self.event("x\(index)", conversation: "c"))
                        return "taken"
                    } catch {
                        return error is Deadline.Exceeded ? "deadline" : "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        release.signal()
        #expect(answers == Array(repeating: "deadline", count: 20))
        #expect(await !readiness.takesWork)
        try await queue.enqueue(Self.event("y", conversation: "c"))
        #expect(await readiness.takesWork, "ready again once a commit works")
    }

    @Test func aFailedCommitFailsEveryoneInIt() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-queue-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStateStore(path: path)
        let queue = StoreEventQueue(store: store, source: "webhook", clock: SystemWallClock())
        // Break the store under the queue: every commit now fails.
        try await DatabaseQueue(path: path).write { try $0.execute(sql: "DROP TABLE inbox") }
        let answers = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask { (try? await queue.enqueue(Self.event("x\(index)", conversation: "c"))) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: false, count: 20), "each caller told of the failure, none left waiting, none told it was taken")
    }
}

actor Admissions {
    var new: [String] = []
    var repeats = 0

    func note(_ id: String, _ isNew: Bool) {
        if isNew { new.append(id) } else { repeats += 1 }
    }
}
