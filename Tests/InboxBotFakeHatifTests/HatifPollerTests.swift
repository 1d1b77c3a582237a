import Foundation
import InboxBotCore
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif

/// The poller against the fake Hatif.
@Suite(.serialized) struct HatifPollerTests {
    static let start = Date(timeIntervalSince1970: 1_773_734_400)  // the seed's 08:00Z
    static func at(minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    func johnID(_ hatif: FakeHatif) async -> String {
        await hatif.withState { state in state.conversations.values.first { $0.contactName == "John Doe" }?.id ?? "" }
    }

    @Test func theFirstPollTakesPositionsAndEmitsNothing() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let poller = HatifPoller(client: client)
            let first = try await poller.poll()
            let second = try await poller.poll()
            #expect(first.isEmpty && second.isEmpty)
        }
    }

    @Test func theFirstPollTakesWhatCameAfterTheFirstStart() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let john = await johnID(hatif)
            // The worker started at minute 5.5 (after every seeded entry) but died before its
            // first poll was saved. Entries at or after the start time are new.
            let poller = HatifPoller(client: client, state: HatifPoller.State(startedAt: Self.at(minutes: 5.5)))
            await hatif.customerMessage("while it was down", in: john, at: Self.at(minutes: 6))
            let events = try await poller.poll()
            #expect(events.compactMap { $0.message?.body } == ["while it was down"], "the seeded entries before the start are history")
            #expect(events.first?.conversation.unread == 2)
            let again = try await poller.poll()
            #expect(again.isEmpty)
        }
    }

    /// The API prints one time as `…:36Z` in one answer and `…:36.194355Z` in the next. No
    /// entry from before the worker first started may ever come out as new, on any poll, and
    /// every entry after it comes out exactly once.
    @Test func varyingTimestampPrecisionNeverRevivesOldEntriesOrRepeatsNewOnes() async throws {
        var options = FakeHatif.Options()
        options.timestampStyle = .varying
        try await FakeHatifHarness.run(options: options) { hatif, client, _ in
            let started = Self.at(minutes: 30).addingTimeInterval(0.5)
            var conversations: [String] = []
            for index in 0..<4 {
                let id = await hatif.addConversation(channelID: FakeHatifSeed.mainChannel, contactName: "Old \(index)", phoneNumber: "+96650000100\(index)",
                                                     at: Self.at(minutes: 20))
                // Before the start, with fractions that some answers print and others cut off.
                // (Within the start's own second a time cut to the second is ambiguous, and is
                // taken as new: a repeat is caught by its id, a loss would not be.)
                await hatif.customerMessage("old \(index)", in: id, at: started.addingTimeInterval(-Double(index) * 7 - 1.306))
                conversations.append(id)
            }
            var pollerOptions = HatifPoller.Options()
            pollerOptions.pageSize = 1  // the first poll sees only the newest conversation of each channel
            let poller = HatifPoller(client: client, state: HatifPoller.State(startedAt: started), options: pollerOptions)
            var bodies: [String] = []
            for round in 0..<12 {
                if round.isMultiple(of: 3) {
                    let id = conversations[round / 3]
                    await hatif.customerMessage("new \(round)", in: id, at: started.addingTimeInterval(Double(round) * 60 + 0.194355))
                }
                bodies += try await poller.poll().compactMap { $0.message?.body }
            }
            #expect(bodies.sorted() == ["new 0", "new 3", "new 6", "new 9"], "old entries never, new ones once each")
        }
    }

    @Test func aQuietChannelCostsOneListCallPerPoll() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let poller = HatifPoller(client: client)
            _ = try await poller.poll()
            let before = await hatif.requests.count
            for _ in 0..<3 {
                let events = try await poller.poll()
                #expect(events.isEmpty)
            }
            let calls = Array(await hatif.requests.dropFirst(before))
            // Each poll: one conversation list per channel (two channels), nothing else.
            #expect(calls.count == 3 * 2)
            #expect(calls.allSatisfy { $0.hasPrefix("GET /v2/conversations/service-account/channels/") })
        }
    }

    @Test func newMessagesBecomeEventsWithDerivedUnread() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let poller = HatifPoller(client: client)
            _ = try await poller.poll()
            let john = await johnID(hatif)
            await hatif.customerMessage("Hello?", in: john, at: Self.at(minutes: 10))
            await hatif.customerMessage("Anyone?", in: john, at: Self.at(minutes: 11))
            let events = try await poller.poll()
            #expect(events.map(\.type) == [.messageReceived, .messageReceived])
            #expect(events.map { $0.message?.body } == ["Hello?", "Anyone?"])
            // The seeded message was not answered either: 2 and then 3 unread.
            #expect(events.map(\.conversation.unread) == [2, 3])
            #expect(events.allSatisfy { $0.conversation.tags == ["vip"] && $0.metadata["source"] == "poll" })
            let again = try await poller.poll()
            #expect(again.isEmpty, "nothing twice")

            await hatif.agentReply("Yes, here", in: john, by: "user-1", at: Self.at(minutes: 12))
            let reply = try await poller.poll()
            #expect(reply.map(\.type) == [.messageSent])
            #expect(reply.first?.message?.sender == "sara@acme.sa")
            #expect(reply.first?.conversation.unread == 0)
        }
    }

    @Test func newConversationsTagsAndAssignmentsAreSeen() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let poller = HatifPoller(client: client)
            _ = try await poller.poll()
            let new = await hatif.addConversation(channelID: FakeHatifSeed.mainChannel, contactName: "Noura", phoneNumber: "+966501112233", at: Self.at(minutes: 20))
            await hatif.customerMessage("السلام عليكم", in: new, at: Self.at(minutes: 20))
            let first = try await poller.poll()
            #expect(first.map(\.type) == [.conversationCreated, .messageReceived])
            #expect(first.last?.conversation.unread == 1)

            let platform = HatifPlatform(client: client)
            let snapshot = try #require(first.last?.conversation)
            _ = await platform.perform(.addTags(["refund"]), on: snapshot)
            _ = await platform.perform(.assign(user: "omar@acme.sa"), on: snapshot)
            let changes = try await poller.poll()
            #expect(changes.map(\.type).sorted { $0.rawValue < $1.rawValue } == [.conversationAssigned, .conversationTagged])
            #expect(changes.first { $0.type == .conversationAssigned }?.conversation.assignee == "omar@acme.sa")
            let tagged = try #require(changes.first { $0.type == .conversationTagged })
            #expect(tagged.conversation.tags == ["refund"])
            // Hatif reports no tag change: the poller found it by comparing snapshots, and says so.
            #expect(tagged.isDerived)
            #expect(tagged.observedAt != nil)
            #expect(changes.first { $0.type == .conversationAssigned }?.isDerived == false, "an assignment is on the timeline")
        }
    }

    @Test func aBurstIsReadAcrossPagesOnceAndInOrder() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            var options = HatifPoller.Options()
            options.timelinePageSize = 20
            options.pageSize = 2
            let poller = HatifPoller(client: client, options: options)
            _ = try await poller.poll()
            let john = await johnID(hatif)
            // 75 messages, several sharing a second, and activity in two more conversations.
            for index in 0..<75 { await hatif.customerMessage("message \(index)", in: john, at: Self.at(minutes: 30 + Double(index / 3) / 60)) }
            let others = await hatif.withState { state in state.conversations.keys.filter { $0 != johnIDSync(state) } }
            for other in others { await hatif.customerMessage("ping", in: other, at: Self.at(minutes: 31)) }
            let events = try await poller.poll()
            let bodies = events.filter { $0.conversation.contact.name == "John Doe" }.compactMap { $0.message?.body }
            #expect(bodies == (0..<75).map { "message \($0)" })
            #expect(events.filter { $0.message?.body == "ping" }.count == others.count)
            let again = try await poller.poll()
            #expect(again.isEmpty)
        }
    }

    @Test func itsStateSurvivesARestart() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let first = HatifPoller(client: client)
            _ = try await first.poll()
            let saved = try JSONEncoder().encode(await first.state)
            let john = await johnID(hatif)
            await hatif.customerMessage("after the restart", in: john, at: Self.at(minutes: 40))
            let second = HatifPoller(client: client, state: try JSONDecoder().decode(HatifPoller.State.self, from: saved))
            let events = try await second.poll()
            #expect(events.compactMap { $0.message?.body } == ["after the restart"])
        }
    }
}

private func johnIDSync(_ state: FakeHatifState) -> String {
    state.conversations.values.first { $0.contactName == "John Doe" }?.id ?? ""
}

/// A queue that fails on demand, to show a failed hand-over loses nothing.
@Suite(.serialized) struct HatifPollerCursorTests {
    /// The worker keeps the cursor and saves a new one only once a poll's events are queued;
    /// polling again from the old cursor, in this process or a new one, gives them again.
    @Test func pollingAgainFromACursorGivesTheSameEventsAndLosesNone() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let poller = HatifPoller(client: client)
            let start = try poller.initialCursor(startedAt: HatifPollerTests.at(minutes: 30))
            let firstPoll = try await poller.poll(from: start)
            let first = firstPoll.events
            let positions = firstPoll.cursor
            #expect(first.isEmpty, "the first poll takes positions")
            let john = await hatif.withState { state in state.conversations.values.first { $0.contactName == "John Doe" }?.id ?? "" }
            await hatif.customerMessage("one", in: john, at: HatifPollerTests.at(minutes: 50))
            await hatif.customerMessage("two", in: john, at: HatifPollerTests.at(minutes: 51))
            let eventsPoll = try await poller.poll(from: positions)
            let events = eventsPoll.events
            let next = eventsPoll.cursor
            #expect(events.compactMap { $0.message?.body } == ["one", "two"])
            // The hand-over failed: the same cursor again, here and after a restart.
            #expect(try await poller.poll(from: positions).events.compactMap { $0.message?.body } == ["one", "two"])
            #expect(try await HatifPoller(client: client).poll(from: positions).events.compactMap { $0.message?.body } == ["one", "two"])
            #expect(try await poller.poll(from: next).events.isEmpty)
        }
    }
}
