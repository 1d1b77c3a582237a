import Foundation
import InboxBotCore
import Testing
@testable import InboxBotHatif

enum HatifFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

/// The response examples of the seed documentation pages, decoded exactly as printed.
@Suite struct SeedExampleTests {
    @Test func timelineExampleDecodesVerbatim() throws {
        let page = try JSONDecoder().decode(HatifPage<HatifTimelineEvent>.self, from: HatifFixtures.data("seed-000-timeline.json"))
        #expect(page.totalCount == 1)
        let item = try #require(page.items.first)
        #expect(item.eventID == "a1b2c3d4-5678-9abc-def0-123456789abc")
        #expect(item.conversationID == "3fa85f64-5717-4562-b3fc-2c963f66afa6")
        #expect(item.sourceType == .call)
        #expect(item.direction == .inbound)
        #expect(item.creationTime == Timestamp.parse("2026-03-17T12:00:00Z"))
        #expect(item.status == "Answered")
        #expect(item.durationSeconds == 150)
        #expect(item.handlerName == "Agent Smith")
        #expect(item.body == nil && item.assignation == nil && !item.hasAttachment)
    }

    @Test func conversationListExampleDecodesVerbatim() throws {
        let page = try JSONDecoder().decode(HatifPage<HatifConversation>.self, from: HatifFixtures.data("seed-001-conversations.json"))
        #expect(page.totalCount == 1)
        let conversation = try #require(page.items.first)
        #expect(conversation.id == "3fa85f64-5717-4562-b3fc-2c963f66afa6")
        #expect(conversation.isOpen)
        #expect(conversation.contactName == "John Doe")
        #expect(conversation.phoneNumber == "+966500111222")
        #expect(conversation.channel?.name == "Main Line")
        #expect(conversation.channel?.type == "1")
        #expect(conversation.lastEventSourceType == .call)
        #expect(conversation.lastEventWasInbound)
        #expect(conversation.lastEventsCount == 3)
        #expect(conversation.tags == [])
        #expect(conversation.unreadCount == 0)
    }
}

/// What the live API sends, which the documentation does not show.
@Suite struct LiveShapeTests {
    @Test func camelCaseKeysAndStringEnums() throws {
        // The single-conversation read: camelCase, and names where the list has numbers.
        let conversation = try HatifFixtures.decode(HatifConversation.self, """
            {"id":"c-1","status":"Closed","lastActivityAt":"2026-02-19T01:52:46Z","contactId":"k-1","contactName":"Ahmed Ali",
             "contactType":"Individual","phoneNumber":"+966500888777","channelId":"ch-1","assigneeId":null,"assignedAiAgentId":null,
             "isAiAssignee":false,"assigneeName":null,
             "channel":{"id":"ch-1","name":"Main Channel","type":"Voice","icon":null,"phoneNumber":"+966500000000"},
             "tags":[{"id":"t-1","name":"VIP","icon":"star","isPinned":true,"creationTime":"2026-01-01T00:00:00Z"}],"unreadCount":0}
            """)
        #expect(!conversation.isOpen)
        #expect(conversation.channel?.type == "Voice")
        #expect(conversation.tags == [HatifTag(id: "t-1", name: "VIP", isPinned: true)])
        #expect(conversation.lastActivityAt == Timestamp.parse("2026-02-19T01:52:46Z"))
    }

    @Test func phoneNumbersAsStringsOrObjects() throws {
        let asObject = try HatifFixtures.decode(HatifChannel.self, #"{"id":"ch","name":"Main","type":2,"phoneNumber":{"number":"+966500000001","countryCode":"SA"}}"#)
        #expect(asObject.phoneNumber == "+966500000001")
        let asString = try HatifFixtures.decode(HatifContact.self, #"{"Id":"k","Name":"Sara","PhoneNumber":"+966500000002"}"#)
        #expect(asString.phoneNumber == "+966500000002")
        let asNull = try HatifFixtures.decode(HatifChannel.self, #"{"id":"ch","phoneNumber":null,"whatsAppInfo":null}"#)
        #expect(asNull.phoneNumber == nil)
    }

    @Test func nullsAndOddTypesAnywhere() throws {
        let item = try HatifFixtures.decode(HatifTimelineEvent.self, """
            {"eventId":"e","conversationId":null,"sourceType":"2","direction":"Outbound","creationTime":"2026-03-17T12:00:00.1234567",
             "status":null,"isAi":null,"body":"hi","attachment":{"url":"x"},"ownerUserId":42}
            """)
        #expect(item.sourceType == .whatsApp)
        #expect(item.direction == .outbound)
        #expect(item.creationTime == Timestamp.parse("2026-03-17T12:00:00.1234567Z"))
        #expect(item.ownerUserID == "42")
        #expect(item.hasAttachment)
        #expect(!item.isAI)
    }

    /// An item that cannot be read fails the page: skipping it would hide a tag (and a
    /// missing tag may then be created twice) or a conversation.
    @Test func aMalformedItemFailsThePageNamingIt() throws {
        #expect(throws: DecodingError.self) {
            try HatifFixtures.decode(HatifPage<HatifTag>.self, #"{"totalCount":3,"items":[{"id":"a","name":"x"},{"name":"no id"},{"id":"c","name":"z"}]}"#)
        }
    }

    /// Get Conversation declares `tags` as `string[]`; the list gives TagDto objects. Both
    /// read; a tag list that cannot be read is nil with the reason, never an empty set.
    @Test func tagsDecodeAsObjectsOrIdsAndAnUnreadableListIsNotEmpty() throws {
        let ids = try HatifFixtures.decode(HatifConversation.self, #"{"id":"c-1","tags":["t-1","t-2"]}"#)
        #expect(ids.tags == [HatifTag(id: "t-1", name: nil), HatifTag(id: "t-2", name: nil)])
        let objects = try HatifFixtures.decode(HatifConversation.self, #"{"id":"c-1","tags":[{"id":"t-1","name":"vip"}, "t-2"]}"#)
        #expect(objects.tags == [HatifTag(id: "t-1", name: "vip"), HatifTag(id: "t-2", name: nil)])
        for broken in [#"{"id":"c-1","tags":[1e300]}"#, #"{"id":"c-1","tags":[{"name":"no id"}]}"#, #"{"id":"c-1","tags":"vip"}"#, #"{"id":"c-1"}"#] {
            let conversation = try HatifFixtures.decode(HatifConversation.self, broken)
            #expect(conversation.tags == nil, "\(broken)")
            #expect(conversation.tagsProblem != nil)
        }
        let channelByID = try HatifFixtures.decode(HatifConversation.self, #"{"id":"c-1","channel":"ch-9","tags":[]}"#)
        #expect(channelByID.channel?.id == "ch-9", "a channel named by its id alone")
        let mapper = HatifEventMapper(tags: [HatifTag(id: "t-1", name: "vip")])
        #expect(mapper.snapshot(of: ids, tally: ConversationTally()).tags == ["vip", "t-2"], "names from the directory; an unknown id stays visible")
    }

    @Test func missingIDIsAnError() {
        #expect(throws: DecodingError.self) { try HatifFixtures.decode(HatifConversation.self, #"{"status":1}"#) }
    }

    @Test func workspaceUsers() throws {
        let users = try HatifFixtures.decode([HatifUser].self, """
            [{"id":"m-1","workspaceId":"w","userId":"u-1","email":"sara@acme.sa","name":"Sara","logoUrl":null,"role":1,"isAiAgent":false,"phoneNumber":null,"creationTime":"2026-01-01T00:00:00Z"}]
            """)
        #expect(users.first?.userID == "u-1")
        #expect(users.first?.email == "sara@acme.sa")
    }
}

/// Contact property definitions: the documented DTO (type an integer) and the string type the
/// Create example's body uses, with or without a key; the list as an array or as a page.
@Suite struct HatifPropertyDefinitionTests {
    @Test func definitionsDecodeInEveryShapeAndAreFoundByKeyOrName() throws {
        let list = try HatifFixtures.decode([HatifPropertyDefinition].self, """
            [{"workspaceId":"w","name":"Satisfaction","key":"csat","type":2,"isRequired":false,"selectOptions":[],
              "lastModificationTime":null,"lastModifierId":null,"creationTime":"2026-03-17T08:00:00.1234567Z","creatorId":"u","id":"p-1"},
             {"Id":"p-2","Name":"Tier","Type":"Select","SelectOptions":["Gold"]},
             {"id":"p-3","name":"Language","key":null}]
            """)
        #expect(list.map(\.id) == ["p-1", "p-2", "p-3"])
        #expect(list[0].type == 2 && list[1].type == nil)
        #expect(list[0].isNamed("CSAT") && list[0].isNamed("satisfaction"))
        #expect(list[2].isNamed("language") && !list[2].isNamed("tier"))
        let page = try HatifFixtures.decode(HatifPage<HatifPropertyDefinition>.self, #"{"totalCount":1,"items":[{"id":"p-9","key":"vip"}]}"#)
        #expect(page.items.map(\.id) == ["p-9"])
        #expect(throws: (any Error).self) { try HatifFixtures.decode(HatifPropertyDefinition.self, #"{"name":"no id"}"#) }
    }
}
