import Foundation
import InboxBotCore
import Testing
@testable import InboxBotHatif

@Suite struct HatifEventMapperTests {
    let conversation = try! HatifFixtures.decode(HatifConversation.self, """
        {"id":"c-1","status":1,"contactId":"k-1","contactName":"John Doe","phoneNumber":"+966500111222","channelId":"ch-1",
         "assigneeId":"u-1","channel":{"id":"ch-1","name":"Main Line","type":2},"tags":[{"id":"t","name":"vip"}],"unreadCount":0}
        """)
    let mapper = HatifEventMapper(users: [try! HatifFixtures.decode(HatifUser.self, #"{"id":"m-1","userId":"u-1","email":"sara@acme.sa"}"#)])

    func item(_ id: String, _ time: String, source: Int = 2, direction: Int = 1, status: String? = nil, body: String? = "hi", duration: String? = nil, extra: String = "") -> HatifTimelineEvent {
        let status = status.map { "\"\($0)\"" } ?? "null"
        let body = body.map { "\"\($0)\"" } ?? "null"
        let duration = duration.map { "\"\($0)\"" } ?? "null"
        return try! HatifFixtures.decode(HatifTimelineEvent.self, """
            {"eventId":"\(id)","conversationId":"c-1","sourceType":\(source),"direction":\(direction),"creationTime":"\(time)",
             "status":\(status),"body":\(body),"durationOrSize":\(duration),"sourceId":"s-\(id)"\(extra)}
            """)
    }

    @Test func theSeedTimelineExampleBecomesAnAnsweredCall() throws {
        let page = try JSONDecoder().decode(HatifPage<HatifTimelineEvent>.self, from: HatifFixtures.data("seed-000-timeline.json"))
        let conversations = try JSONDecoder().decode(HatifPage<HatifConversation>.self, from: HatifFixtures.data("seed-001-conversations.json"))
        var tally = ConversationTally()
        let events = HatifEventMapper().events(for: try #require(conversations.items.first), newItems: page.items, tally: &tally)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.type == .callAnswered)
        #expect(event.call == Call(direction: .inbound, status: .answered, durationSeconds: 150))
        #expect(event.conversation.contact.name == "John Doe")
        #expect(event.conversation.channel == Channel(id: "b1c2d3e4-5678-9abc-def0-123456789abc", name: "Main Line"))
        #expect(event.conversation.platform == "hatif")
        #expect(event.conversation.status == .open)
        #expect(event.conversation.platformStatus == "Open", "Hatif's own name for status 1")
        #expect(event.metadata["platform_event_id"] == "a1b2c3d4-5678-9abc-def0-123456789abc")
    }

    @Test func unreadIsDerivedFromTheTimeline() {
        var tally = ConversationTally()
        let events = mapper.events(for: conversation, newItems: [
            item("e1", "2026-03-17T10:00:00Z"),
            item("e2", "2026-03-17T10:01:00Z"),
            item("e4", "2026-03-17T10:05:00Z", source: 1, direction: 1, status: "Missed", body: nil, duration: "00:00:00"),
            item("e3", "2026-03-17T10:03:00Z", direction: 2),
            item("e5", "2026-03-17T10:06:00Z"),
        ], tally: &tally)
        // Sorted by time: in, in, out (resets), missed call, in.
        #expect(events.map(\.id) == ["e1", "e2", "e3", "e4", "e5"])
        #expect(events.map(\.conversation.unread) == [1, 2, 0, 1, 2])
        #expect(events.map(\.type) == [.messageReceived, .messageReceived, .messageSent, .callMissed, .messageReceived])
        #expect(events[4].conversation.lastOutboundAt == Timestamp.parse("2026-03-17T10:03:00Z"))
        #expect(events[4].conversation.lastInboundAt == Timestamp.parse("2026-03-17T10:06:00Z"))
        #expect(tally.unread == 2)

        // The next poll carries the tally on: an agent's internal note counts as a reply.
        let later = mapper.events(for: conversation, newItems: [item("e6", "2026-03-17T11:00:00Z", direction: 3)], tally: &tally)
        #expect(later.first?.conversation.unread == 0)
        #expect(later.first?.message?.direction == .internal)
    }

    @Test func assigneesAreShownByEmail() {
        var tally = ConversationTally()
        let events = mapper.events(for: conversation, newItems: [
            item("a1", "2026-03-17T10:00:00Z", source: 3, direction: 3, body: nil,
                 extra: #","assignation":{"assignedUserId":"u-1","assignedByUserId":"u-9"}"#),
            item("o1", "2026-03-17T10:01:00Z", direction: 2, status: "Read", extra: #","ownerUserId":"m-1""#),
        ], tally: &tally)
        #expect(events[0].type == .conversationAssigned)
        #expect(events[0].conversation.assignee == "sara@acme.sa")
        #expect(events[0].conversation.assignedAt == Timestamp.parse("2026-03-17T10:00:00Z"))
        #expect(events[1].message?.sender == "sara@acme.sa")
        #expect(events[1].message?.status == .read)
        #expect(events[1].conversation.tags == ["vip"])
    }

    @Test(arguments: [
        ("Answered", "00:01:00" as String?, CallStatus.answered), ("Missed", nil, .missed), ("NoAnswer", nil, .noAnswer),
        ("RejectedByCallee", nil, .rejected), ("Canceled", nil, .cancelled), ("Failed", nil, .failed),
        ("Something new", "00:00:40", .answered), ("Something new", nil, .missed),
    ])
    func callStatuses(_ status: String, _ duration: String?, _ expected: CallStatus) {
        let call = item("c", "2026-03-17T10:00:00Z", source: 1, status: status, body: nil, duration: duration)
        #expect(HatifEventMapper.callStatus(call) == expected)
    }
}
