import Testing
@testable import InboxBotCore

/// Snapshots and events share their fields until one changes (copy on write, `SharedFields`):
/// a change to a copy must never show in the original, and equality and hashing go by the
/// fields, not the box.
@Suite struct ConversationSnapshotTests {
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let original = ConversationSnapshot(id: "c-1", tags: ["vip"], channel: Channel(id: "ch-1", name: "Main"),
                                            contact: Contact(name: "Sara", properties: ["tier": "gold"]))
        var copy = original
        copy.tags.append("refund")
        copy.contact.properties["tier"] = "silver"
        copy.channel.name = "Sales"
        copy.unread += 2
        #expect(original.tags == ["vip"])
        #expect(original.contact.properties["tier"] == "gold")
        #expect(original.channel.name == "Main")
        #expect(original.unread == 0)
        #expect(copy.tags == ["vip", "refund"])
        #expect(copy.contact.properties["tier"] == "silver")
        #expect(copy.unread == 2)
        #expect(copy != original)
        copy.tags = ["vip"]
        copy.contact.properties["tier"] = "gold"
        copy.channel.name = "Main"
        copy.unread = 0
        #expect(copy == original)
        #expect(copy.hashValue == original.hashValue)
        #expect(Set([copy, original]).count == 1)
    }

    @Test func aSnapshotInsideAnEventChangesOnItsOwn() {
        let snapshot = ConversationSnapshot(id: "c-1", assignee: "sara@acme.sa")
        var event = Event(id: "e-1", type: .conversationAssigned, time: Fixtures.time("2026-03-17T12:00:00Z"), conversation: snapshot)
        let before = event
        event.conversation.assignee = nil
        event.conversation.status = .closed
        #expect(snapshot.assignee == "sara@acme.sa" && snapshot.status == .open)
        #expect(before.conversation.assignee == "sara@acme.sa")
        #expect(event.conversation.assignee == nil && event.conversation.status == .closed)
    }

    @Test func anEventsChangedCopyLeavesTheOriginalAlone() {
        let time = Fixtures.time("2026-03-17T12:00:00Z")
        let original = Event(id: "e-1", type: .messageReceived, time: time, conversation: ConversationSnapshot(id: "c-1"),
                             message: Message(direction: .inbound, body: "hello"), metadata: ["platform_event_id": "p-1"])
        var copy = original
        copy.id = "timer:r|c-1|idle:1"
        copy.time = time.addingTimeInterval(600)
        copy.message?.body = "changed"
        copy.metadata["platform_event_id"] = "p-2"
        copy.conversation.tags.append("late")
        #expect(original.id == "e-1" && original.time == time && original.message?.body == "hello")
        #expect(original.metadata["platform_event_id"] == "p-1" && original.conversation.tags.isEmpty)
        #expect(copy.message?.body == "changed" && copy.conversation.tags == ["late"] && copy.platformID == "p-2")
        #expect(copy != original)
        // Built apart, the same fields: equal, and hashed alike.
        let again = Event(id: "e-1", type: .messageReceived, time: time, conversation: ConversationSnapshot(id: "c-1"),
                          message: Message(direction: .inbound, body: "hello"), metadata: ["platform_event_id": "p-1"])
        #expect(again == original && again.hashValue == original.hashValue)
        #expect(Set([again, original, copy]).count == 2)
    }
}
