import Foundation
import InboxBotCore
import Testing

@Suite struct DryRunViewTests {
    static let t0 = Date(timeIntervalSince1970: 1_773_748_800)

    static func message(_ id: String, at offset: Double, tags: [String] = [], assignee: String? = nil, unread: Int = 1) -> Event {
        Event(id: id, type: .messageReceived, time: t0.addingTimeInterval(offset),
              conversation: ConversationSnapshot(id: "c-1", tags: tags, unread: unread, assignee: assignee, lastInboundAt: t0.addingTimeInterval(offset)),
              message: Message(direction: .inbound, body: "hi"))
    }

    @Test func laysTheRulesChangesOverWhatThePlatformShows() {
        var view = DryRunView()
        let first = view.seen(Self.message("e1", at: 0, tags: ["new"]))
        #expect(first.conversation.tags == ["new"], "nothing changed yet")
        let shown = view.record([.addTags(["vip"]), .removeTags(["new"]), .assign(user: "omar@acme.sa"), .sendText("Hello")],
                                on: first.conversation, at: Self.t0.addingTimeInterval(1), eventID: "e1")
        #expect(shown.map(\.type) == [.conversationTagged, .conversationTagged, .conversationAssigned, .messageSent])
        let later = view.seen(Self.message("e2", at: 60, tags: ["new", "billing"]))
        #expect(later.conversation.tags == ["billing", "vip"])
        #expect(later.conversation.assignee == "omar@acme.sa")
        #expect(later.conversation.lastOutboundAt == Self.t0.addingTimeInterval(1))
        #expect(later.conversation.unread == 1, "the customer wrote after the reply")
        #expect(view.conversation(ConversationSnapshot(id: "c-1", unread: 3, lastInboundAt: Self.t0)).unread == 0, "the reply came after")
        #expect(view.conversation(ConversationSnapshot(id: "c-2", tags: ["x"])).tags == ["x"], "another conversation is as the platform has it")
    }

    @Test func aPersonsLaterChangeOutweighsTheDryRuns() {
        var view = DryRunView()
        let first = view.seen(Self.message("e1", at: 0))
        _ = view.record([.assign(user: "omar@acme.sa"), .close], on: first.conversation, at: Self.t0, eventID: "e1")
        var assigned = Self.message("e2", at: 60, assignee: "lina@acme.sa")
        assigned.type = .conversationAssigned
        assigned.message = nil
        #expect(view.seen(assigned).conversation.assignee == "lina@acme.sa")
        #expect(view.seen(assigned).conversation.status == .closed, "the close stands until the platform reports a status")
        var reopened = Self.message("e3", at: 120)
        reopened.type = .conversationReopened
        reopened.message = nil
        #expect(view.seen(reopened).conversation.status == .open)
        #expect(view.seen(Self.message("e4", at: 180)).conversation.assignee == nil, "as the platform has it: no overlay left")
    }

    @Test func aLaterDecisionChangesTheEarliersEditsInPlace() {
        var view = DryRunView()
        let platform = ConversationSnapshot(id: "c-1", tags: ["new"])
        _ = view.record([.addTags(["a"]), .assign(user: "omar@acme.sa")], on: view.conversation(platform), at: Self.t0, eventID: "e1")
        _ = view.record([.addTags(["b"]), .removeTags(["a", "new"])], on: view.conversation(platform), at: Self.t0, eventID: "e2")
        _ = view.record([.sendText("hi")], on: view.conversation(platform), at: Self.t0.addingTimeInterval(5), eventID: "e3")
        let seen = view.conversation(platform)
        #expect(seen.tags == ["b"])
        #expect(seen.assignee == "omar@acme.sa")
        #expect(seen.lastOutboundAt == Self.t0.addingTimeInterval(5))
        // In place or by copy, an event is seen the same.
        var event = Self.message("e4", at: 60, tags: ["new", "vip"])
        let copied = view.seen(event)
        view.see(&event)
        #expect(event == copied)
        #expect(event.conversation.tags == ["vip", "b"])
    }

    @Test func forgetsTheLeastRecentlyChangedPastItsCapacity() {
        var view = DryRunView(capacity: 8)
        for index in 0..<20 {
            _ = view.record([.addTags(["t"])], on: ConversationSnapshot(id: "c-\(index)"), at: Self.t0, eventID: "e\(index)")
        }
        #expect(view.count <= 8)
        #expect(view.conversation(ConversationSnapshot(id: "c-19")).tags == ["t"], "the latest is kept")
        #expect(view.conversation(ConversationSnapshot(id: "c-0")).tags == [], "the oldest is forgotten")
        _ = view.record([.sendText("x")], on: ConversationSnapshot(id: "c-19", tags: ["t"]), at: Self.t0, eventID: "again")
        _ = view.record([], on: ConversationSnapshot(id: "c-99"), at: Self.t0, eventID: "nothing")
        #expect(view.conversation(ConversationSnapshot(id: "c-99")) == ConversationSnapshot(id: "c-99"), "no change, nothing kept")
    }
}
