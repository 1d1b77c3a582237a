import Testing
@testable import InboxBotCore

/// Snapshots share their fields until one changes (copy on write): a change to a copy must
/// never show in the original, and equality and hashing go by the fields, not the box.
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
}
