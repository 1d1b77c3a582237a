import Foundation
import InboxBotCore
import Testing
@testable import InboxBotWorker

/// `ActionLanes`: each conversation's actions in order on one slot at a time, no more slots
/// than the limit, reads held back while full, and nothing started once stopping.
@Suite struct ActionLanesTests {
    static func due(_ index: Int, in conversation: String) -> Executor.DueAction {
        let entry = OutboxEntry(ruleID: "r", ruleSetVersion: "v1", conversation: ConversationSnapshot(id: conversation), eventID: "e\(index)", actionIndex: 0,
                                action: .sendText("\(index)"), at: Date(timeIntervalSince1970: 0))
        return Executor.DueAction(entry: entry, action: .success(.sendText("\(index)")))
    }

    @Test func eachConversationOnOneSlotInOrderAndNoMoreSlotsThanTheLimit() {
        let lanes = ActionLanes(limit: 2, capacity: 4)
        #expect(lanes.add([Self.due(1, in: "a"), Self.due(2, in: "b"), Self.due(3, in: "c")]) == 2, "two slots for three conversations")
        #expect(lanes.add([Self.due(1, in: "a")]) == 0, "an action in hand is not taken twice")
        #expect(lanes.hasRoom && lanes.held.count == 3)
        #expect(lanes.claim() == "a")
        #expect(lanes.claim() == "b")
        #expect(lanes.next(in: "a")?.entry.eventID == "e1")
        // Another of a's, while its first is out: it waits on a's slot, not for a new one.
        #expect(lanes.add([Self.due(4, in: "a")]) == 0)
        #expect(!lanes.hasRoom, "four in hand: full")
        #expect(lanes.finished(Self.due(1, in: "a").key), "room again")
        #expect(lanes.next(in: "a")?.entry.eventID == "e4")
        #expect(lanes.finished(Self.due(4, in: "a").key) == false)
        #expect(lanes.next(in: "a") == nil, "a's slot lets it go")
        #expect(lanes.claim() == "c", "and takes the next conversation")
        #expect(lanes.claim() == nil, "none waits: the slot ends")
        #expect(lanes.add([Self.due(5, in: "d")]) == 1, "a slot ended, so a new one starts")
    }

    @Test func fullItHoldsReadsBackAndStoppingStartsNothing() {
        let lanes = ActionLanes(limit: 1, capacity: 2)
        _ = lanes.add([Self.due(1, in: "a"), Self.due(2, in: "a")])
        #expect(!lanes.hasRoom)
        #expect(lanes.claim() == "a")
        #expect(lanes.next(in: "a")?.entry.eventID == "e1")
        #expect(lanes.finished(Self.due(1, in: "a").key), "room again: the executor reads more")
        lanes.stop()
        #expect(lanes.next(in: "a") == nil, "the second is never started")
        #expect(lanes.held.isEmpty, "it stays due in the outbox")
        _ = lanes.add([Self.due(3, in: "b")])
        #expect(lanes.claim() == nil)
    }

    @Test func aSlotCarriesOutEachConversationInOrderAndSaysWhenThereIsRoom() async throws {
        let lanes = ActionLanes(limit: 1, capacity: 2)
        #expect(lanes.add([Self.due(1, in: "a"), Self.due(2, in: "b"), Self.due(3, in: "a"), Self.due(4, in: "a")]) == 1)
        let log = Log()
        await lanes.slot({ await log.note($0.entry.eventID) }, whenRoom: { await log.note("room") })
        // Four in hand, room for two: there is room again once the third is done.
        #expect(await log.lines == ["e1", "e3", "e4", "room", "e2"])
        #expect(lanes.held.isEmpty)
    }

    actor Log {
        var lines: [String] = []
        func note(_ line: String) { lines.append(line) }
    }
}
