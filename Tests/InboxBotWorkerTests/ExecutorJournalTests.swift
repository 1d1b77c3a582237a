import Foundation
import InboxBotCore
import InboxBotState
import Testing
@testable import InboxBotWorker

/// The executor's one write: each start gets its own answer, whatever outcomes it is
/// committed with, and in whatever order they came in.
@Suite struct ExecutorJournalTests {
    static let t0 = Date(timeIntervalSince1970: 1_773_748_800)

    @Test func eachStartGetsItsOwnAnswerAmongOutcomes() async throws {
        let store = InMemoryStateStore()
        let conversation = ConversationSnapshot(id: "c-1")
        let entries = (0..<4).map { OutboxEntry(ruleID: "r", ruleSetVersion: "v1", conversation: conversation, eventID: "e\($0)", actionIndex: 0,
                                                action: .sendText("hi"), at: Self.t0) }
        try await store.complete(eventID: "e0", actions: entries, firings: [], audit: [], at: Self.t0)
        var stop = EventCompletion(eventID: "e9", firedAt: Self.t0)
        stop.contactChanges = [.optOut(keys: ["phone:2"], OptOut(at: Self.t0, eventID: "e9", ruleID: "stop"))]
        try await store.complete([stop], at: Self.t0)
        for random in 0..<24 {
            // Four writes in a different order each time: two outcomes, a start kept back, a start that goes.
            var writes: [Executor.JournalEntry] = [
                .outcome(ActionUpdate(key: entries[0].key, state: .done, detail: "m", nextAttemptAt: nil)),
                .start(ActionStart(key: entries[1].key, contactKeys: ["phone:1"], eventID: "e1")),
                .outcome(ActionUpdate(key: entries[2].key, state: .deadLetter, detail: "refused", nextAttemptAt: nil)),
                .start(ActionStart(key: entries[3].key, contactKeys: ["phone:2"], eventID: "e3")),
            ]
            var generator = SeededRandom(seed: UInt64(random))
            writes.shuffle(using: &generator)
            let answers = try await Executor.JournalEntry.commit(writes, to: store, at: Self.t0)
            let expected: [OptOut?] = writes.map { write in
                guard case .start(let start) = write, start.key == entries[3].key else { return nil }
                return OptOut(at: Self.t0, eventID: "e9", ruleID: "stop")
            }
            #expect(answers == expected, "order \(random)")
        }
    }
}
