import Foundation
import InboxBotCore
import Testing
@testable import InboxBotTextUs

/// The documentation's examples, decoded verbatim, and every shape a field is documented in.
@Suite struct TextUsDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try Data(contentsOf: url)
    }

    @Test func theTimelinePagesExampleDecodesAsItIsPrinted() throws {
        let page = try JSONDecoder().decode(TextUsCollection<TextUsTimelineItem>.self, from: Self.fixture("timeline.json"))
        #expect(page.members.count == 3)
        #expect(page.totalItems == 3)
        #expect(page.next == nil)
        #expect(page.latestPosition == Timestamp.parse("2020-05-21T20:07:20.862Z"))
        guard case .message(let inbound) = page.members[0], case .message(let outbound) = page.members[1], case .event(let open) = page.members[2] else {
            Issue.record("members: \(page.members)")
            return
        }
        #expect(inbound.inbound && inbound.body == "He once made a weeping willow laugh" && inbound.sender == nil)
        #expect(!outbound.inbound && outbound.deliveryState == "delivered" && outbound.sender?.id == "/users/hikvlD")
        #expect(open.type == "open" && open.id == "/conversation_events/Pvwqm5G")
        // "Descending", yet the example lists the event after older messages: sorted by time here.
        // The two messages share their time to the millisecond; within a second the documented
        // order (newest first) decides, so the one listed second is the older.
        #expect(TextUsEventMapper.chronological(page.members).map(\.id) == ["/messages/QNDkpL", "/messages/06oyogE", "/conversation_events/Pvwqm5G"])
    }

    @Test func theWebhookExampleDecodesWithItsDeliveryIDAsKey() throws {
        let payload = try TextUsWebhookPayload.decode(Self.fixture("webhook-message-received.json"))
        #expect(payload.action == "message.received")
        #expect(payload.deduplicationKey == "/integrations/Qx81b/deliveries/7Hc2kq")
        #expect(payload.conversation?.id == "/conversations/Pq7Lm2")
        #expect(payload.conversation?.assignments == nil, "the delivery's conversation stops before its assignments")
        #expect(payload.message?.body == "Is my order shipped?")
        #expect(payload.timestamp == Timestamp.parse("2025-03-04T15:02:11.402Z"))
    }

    @Test func anOptOutDeliveryHasNoConversationAndIsKeptByItsID() throws {
        let body = #"{"@type":"OptOutWebhookDelivery","id":"/integrations/Qx81b/deliveries/9x","timestamp":"2023-11-17T13:59:04.568354-05:00","action":"contact.opted_out","optOut":{"@type":"OptOut","id":"/opt_outs/1","type":"opt-out","phoneNumber":"+13035550142"}}"#
        let payload = try TextUsWebhookPayload.decode(Data(body.utf8))
        #expect(payload.conversation == nil && payload.message == nil)
        #expect(payload.deduplicationKey == "/integrations/Qx81b/deliveries/9x")
        #expect(payload.timestamp == Timestamp.parse("2023-11-17T18:59:04.568354Z"))
    }

    @Test func aConversationsLinkFieldsAreReadAsLinksOrAsObjects() throws {
        let text = String(decoding: try Self.fixture("conversation.json"), as: UTF8.self)
        let embedded = try JSONDecoder().decode(TextUsConversation.self, from: Data(text.utf8))
        #expect(embedded.assignments?.map(\.assignee?.id) == ["/users/u77"])
        #expect(embedded.latestActivity == Timestamp.parse("2025-03-04T15:02:10.998Z"))
        #expect(embedded.unanswered == true)

        let linked = text.replacingOccurrences(of: #""assignments": {"#, with: #""assignments": "/conversations/Pq7Lm2/assignments", "ignored": {"#)
            .replacingOccurrences(of: #""requestingUserInfo": {"#, with: #""requestingUserInfo": "/conversations/Pq7Lm2/user_info", "ignoredToo": {"#)
        let conversation = try JSONDecoder().decode(TextUsConversation.self, from: Data(linked.utf8))
        #expect(conversation.assignments == nil, "a link says nothing of who is assigned")

        let userObject = text.replacingOccurrences(of: #""assignee": "/users/u77""#, with: #""assignee": {"@type": "User", "id": "/users/u77", "email": "luis@acme.com", "name": "Luis"}"#)
        let withUser = try JSONDecoder().decode(TextUsConversation.self, from: Data(userObject.utf8))
        #expect(withUser.assignments?.first?.assignee == TextUsLink(id: "/users/u77", name: "Luis", email: "luis@acme.com"))
    }

    @Test func theSnapshotMapsStatusAssigneeAndWaitingReplies() throws {
        let conversation = try JSONDecoder().decode(TextUsConversation.self, from: Self.fixture("conversation.json"))
        let mapper = TextUsEventMapper(users: [try JSONDecoder().decode(TextUsUser.self, from: Data(#"{"id":"/users/u77","email":"luis@acme.com","name":"Luis Ortega"}"#.utf8))])
        let snapshot = mapper.snapshot(of: conversation, tally: ConversationTally())
        #expect(snapshot.platform == "textus")
        #expect(snapshot.status == .open && snapshot.platformStatus == "open")
        #expect(snapshot.assignee == "luis@acme.com" && snapshot.assigneeName == "Luis Ortega")
        #expect(snapshot.unread == 1, "unanswered, with no timeline read: at least one waits")
        #expect(snapshot.contact.phone == "+13035550142")
        #expect(snapshot.channel.id == "+13035550100")
    }

    @Test(arguments: [
        ("queued", DeliveryStatus.pending), ("scheduled", .pending), ("dispatched", .sent), ("delivered", .delivered),
        ("failed", .failed), ("failed_transient", .failed), ("unknown", .sent),
    ])
    func deliveryStatesMapToTheNormalizedOnes(_ state: String, _ status: DeliveryStatus) {
        #expect(TextUsEventMapper.deliveryStatus(state) == status)
    }

    @Test func unreadableValuesThrowOrAreLeftOutButNeverTrap() throws {
        let bad = [
            #"{"@type":"Message","id":"/messages/a","direction":"sideways"}"#,
            #"{"@type":"Message","direction":"in"}"#,
            #"{"@type":"WebhookDelivery","action":"message.received"}"#,
            #"{"@type":"Nope","action":"message.received"}"#,
            #"{"members":[{"@type":"Message","id":1e300}]}"#,
        ]
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TextUsTimelineItem.self, from: Data(bad[0].utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TextUsTimelineItem.self, from: Data(bad[1].utf8)) }
        #expect(throws: (any Error).self) { try TextUsWebhookPayload.decode(Data(bad[2].utf8)) }
        #expect(throws: (any Error).self) { try TextUsWebhookPayload.decode(Data(bad[3].utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TextUsCollection<TextUsTimelineItem>.self, from: Data(bad[4].utf8)) }
        // Times and numbers of any shape: read or left out.
        let odd = #"{"@type":"Message","id":"/messages/b","direction":"out","timelinePosition":"9999-99-99","deliveryState":7,"sender":{"name":"no id"}}"#
        let message = try JSONDecoder().decode(TextUsMessage.self, from: Data(odd.utf8))
        #expect(message.position == nil && message.deliveryState == nil && message.sender == nil)
        let call = #"{"@type":"WebhookDelivery","action":"phone_call.completed","phoneCall":{"duration":1e300,"status":"missed"}}"#
        #expect(try TextUsWebhookPayload.decode(Data(call.utf8)).call?.durationSeconds == 86_400)
        #expect(try TextUsWebhookPayload.decode(Data(call.utf8)).call?.answered == false)
    }
}
