import Foundation
import InboxBotCore
import InboxBotFakeSupport
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif

/// Rule actions carried out on the fake Hatif through `HatifPlatform`.
@Suite(.serialized) struct HatifPlatformTests {
    func john(_ client: HatifClient) async throws -> ConversationSnapshot {
        let page = try await client.conversations(channelID: FakeHatifSeed.mainChannel)
        let conversation = try #require(page.items.first { $0.contactName == "John Doe" })
        return HatifEventMapper().snapshot(of: conversation, tally: ConversationTally())
    }

    @Test func assignByEmailAndUnassign() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let snapshot = try await john(client)
            #expect(await platform.perform(.assign(user: "Sara@acme.sa"), on: snapshot) == .done(detail: nil))
            #expect(await hatif.assignee(of: snapshot.id) == "user-1")
            #expect(await platform.perform(.unassign, on: snapshot) == .done(detail: nil))
            #expect(await hatif.assignee(of: snapshot.id) == nil)
            guard case .failed(let reason) = await platform.perform(.assign(user: "nobody@acme.sa"), on: snapshot) else {
                Issue.record("an unknown email was accepted")
                return
            }
            #expect(reason == "no workspace user has the email nobody@acme.sa")
        }
    }

    @Test func tagsAreMergedIntoTheCurrentSet() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let snapshot = try await john(client)
            #expect(await platform.perform(.addTags(["refund", "Billing"]), on: snapshot) == .done(detail: nil))
            #expect(await hatif.tagNames(of: snapshot.id) == ["vip", "refund", "billing"])
            #expect(await platform.perform(.removeTags(["VIP"]), on: snapshot) == .done(detail: nil))
            #expect(await hatif.tagNames(of: snapshot.id) == ["refund", "billing"])
            // Adding a tag it already has writes nothing.
            let writesBefore = await hatif.writes.count
            #expect(await platform.perform(.addTags(["refund"]), on: snapshot) == .done(detail: "tags already as wanted"))
            #expect(await hatif.writes.count == writesBefore)
        }
    }

    /// Contact properties by key or name; the fake checks each value against the property's type, as Hatif does.
    @Test func contactPropertiesAreSetByKeyOrNameAndCheckedByType() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let snapshot = try await john(client)
            let contactID = try #require(snapshot.contact.id)
            #expect(await platform.perform(.setContactProperties(["csat": "5", "Language": "ar"]), on: snapshot) == .done(detail: nil))
            let stored = await hatif.withState { state in
                (state.contactProperties[contactID] ?? [:]).compactMap { id, value in state.propertyDefinitions.first { $0.id == id }.map { ($0.key, value) } }
            }
            #expect(Dictionary(uniqueKeysWithValues: stored) == ["csat": "5", "language": "ar"])
            guard case .failed(let unknown) = await platform.perform(.setContactProperties(["langauge": "ar"]), on: snapshot) else {
                Issue.record("an unknown property was accepted")
                return
            }
            #expect(unknown == "Hatif has no contact property 'langauge' (define it in Hatif first); did you mean 'language'? (properties: csat, language, tier)")
            guard case .failed(let invalid) = await platform.perform(.setContactProperties(["tier": "Platinum"]), on: snapshot) else {
                Issue.record("a value outside the select's options was accepted")
                return
            }
            #expect(invalid.contains("'Platinum' is not an option of Tier"), "\(invalid)")
        }
    }

    /// The tag write replaces the whole set: tags that cannot be read must fail the action,
    /// never be taken as none (which would wipe the conversation's other tags).
    @Test func unreadableTagsFailTheActionAndWriteNothing() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let snapshot = try await john(client)
            await hatif.inject(FakeFault(kind: .body, path: "/service-account/\(snapshot.id)", method: "GET",
                                         body: #"{"id":"\#(snapshot.id)","status":"Open","tags":[{"name":"vip"}]}"#))
            guard case .failed(let reason) = await platform.perform(.addTags(["refund"]), on: snapshot) else {
                Issue.record("a tag was written over tags that could not be read")
                return
            }
            #expect(reason.contains("tags could not be read"))
            #expect(reason.contains("nothing was written"))
            #expect(await hatif.writes.isEmpty)
            #expect(await hatif.tagNames(of: snapshot.id) == ["vip"])
        }
    }

    /// Users and tags added in Hatif after the worker started are found without a restart.
    @Test func usersAndTagsAddedLaterAreFoundByRefreshingOnAMiss() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client, directory: HatifDirectory(client: client, missRefreshSeconds: 0))
            let snapshot = try await john(client)
            #expect(await platform.perform(.addTags(["refund"]), on: snapshot) == .done(detail: nil))
            await hatif.withState { state in
                state.addTag(named: "escalated")
                state.addUser(id: "member-9", userID: "user-9", email: "new.agent@acme.sa", name: "New Agent")
            }
            #expect(await platform.perform(.addTags(["escalated"]), on: snapshot) == .done(detail: nil))
            #expect(await hatif.tagNames(of: snapshot.id) == ["vip", "refund", "escalated"])
            #expect(await platform.perform(.assign(user: "new.agent@acme.sa"), on: snapshot) == .done(detail: nil))
            #expect(await hatif.assignee(of: snapshot.id) == "user-9")
            let reads = await hatif.requests.count { $0 == "GET /v1/tags/service-account" }
            _ = await platform.perform(.addTags(["refund"]), on: snapshot)
            #expect(await hatif.requests.count { $0 == "GET /v1/tags/service-account" } == reads, "a hit reads no list")
        }
    }

    @Test func missingTagsFailUnlessCreationIsAllowed() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let snapshot = try await john(client)
            guard case .failed(let reason) = await HatifPlatform(client: client).perform(.addTags(["escalated"]), on: snapshot) else {
                Issue.record("a missing tag was silently created")
                return
            }
            #expect(reason.contains("no tag named 'escalated'"))
            let creating = HatifPlatform(client: client, createsMissingTags: true)
            #expect(await creating.perform(.addTags(["escalated"]), on: snapshot) == .done(detail: nil))
            #expect(await hatif.tagNames(of: snapshot.id) == ["vip", "escalated"])
        }
    }

    @Test func templatesGoOutInTheDocumentedStructure() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let snapshot = try await john(client)
            let template = RenderedTemplate(
                name: "order_status", language: "ar", header: .image(url: "https://cdn.acme.sa/b.png"), body: ["John", "c-1"],
                buttons: [RenderedButton(index: 0, kind: .url, value: "track/1"), RenderedButton(index: 1, kind: .quickReply, value: "agent")])
            guard case .done(let eventID?) = await HatifPlatform(client: client).perform(.sendTemplate(template), on: snapshot) else {
                Issue.record("the template was not sent")
                return
            }
            #expect(eventID.hasPrefix("evt-"))
            let write = try #require(await hatif.writes.last)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(write.body.utf8)) as? [String: Any])
            #expect(body["ToNumber"] as? String == "966500111222")
            #expect(body["TemplateName"] as? String == "order_status")
            let parameters = try #require(body["Parameters"] as? [[String: Any]])
            #expect(parameters.map { $0["Type"] as? String } == ["Header", "Body", "Buttons", "Buttons"])
            #expect(parameters[2]["SubType"] as? String == "url")
            #expect(parameters[3]["Index"] as? String == "1")
            let timeline = await hatif.timelineBodies(of: snapshot.id)
            #expect(timeline.last == FakeTimelineEntry(direction: 2, body: "[template order_status] https://cdn.acme.sa/b.png | John | c-1 | track/1 | agent"))
        }
    }

    @Test func textOutsideTheServiceWindowFailsClearly() async throws {
        let past = Date(timeIntervalSince1970: 1_773_734_400 + 3 * 86_400)  // three days after the seeded messages
        try await FakeHatifHarness.run(options: .init(now: { past })) { hatif, client, _ in
            let snapshot = try await john(client)
            let outcome = await HatifPlatform(client: client).perform(.sendText("Hello"), on: snapshot)
            #expect(outcome == .failed(reason: HatifError.serviceWindowExpired.description))
            #expect(await hatif.writes.filter(\.applied).isEmpty)
        }
    }

    @Test func createConversationReturnsTheExistingOne() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let snapshot = try await john(client)
            let again = await platform.perform(.createConversation(channel: "main line", phone: "966500111222", contactName: "John", assignee: nil, text: nil), on: snapshot)
            #expect(again == .done(detail: snapshot.id))
            let new = await platform.perform(.createConversation(channel: "Support", phone: "+966 500 999 888", contactName: "New", assignee: "lina@acme.sa", text: nil), on: snapshot)
            guard case .done(let id?) = new else {
                Issue.record("no conversation created: \(new)")
                return
            }
            #expect(await hatif.conversationIDs().contains(id))
            #expect(await hatif.assignee(of: id) == "user-3")
        }
    }

    @Test func pollingTheFakeGivesEventsWithDerivedUnread() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let conversation = try #require(try await client.conversations(channelID: FakeHatifSeed.mainChannel).items.first { $0.contactName == "John Doe" })
            await hatif.customerMessage("Anyone there?", in: conversation.id, at: Date(timeIntervalSince1970: 1_773_734_400 + 600))
            let items = try await client.timeline(conversationID: conversation.id).items
            let mapper = HatifEventMapper(users: try await client.workspaceUsers())
            var tally = ConversationTally()
            let events = mapper.events(for: conversation, newItems: items, tally: &tally)
            #expect(events.map(\.type) == [.messageReceived, .messageReceived])
            #expect(events.map(\.conversation.unread) == [1, 2])
            #expect(events.last?.message?.body == "Anyone there?")
            #expect(events.last?.conversation.tags == ["vip"])
        }
    }
}
