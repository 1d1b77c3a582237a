import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotTesting
import Testing
@testable import InboxBotFakeTextUs
@testable import InboxBotTextUs

/// The poller against the fake TextUs, on a clock the test moves: what each poll costs, and
/// when a change far down the list is seen.
@Suite struct TextUsPollerTests {
    static func run(_ body: @Sendable (TextUsPoller, FakeTextUs, ManualWallClock) async throws -> Void) async throws {
        let clock = ManualWallClock(Date())
        let textus = FakeTextUs(options: .init(pageSize: 1))
        try await FakeTextUsServer(textus: textus).serving { port in
            let client = TextUsClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: TextUsToken("fake-textus-token"), account: "acme_support",
                                                           retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02)),
                                      httpClient: HTTPClient.shared)
            try await body(TextUsPoller(client: client, directory: TextUsDirectory(client: client), clock: clock), textus, clock)
        }
    }

    @Test func aQuietAccountCostsOneListCallAndTimelinesAreReadOnlyWhenSomethingHappens() async throws {
        try await Self.run { poller, textus, clock in
            var cursor = try poller.initialCursor(startedAt: clock.now())
            cursor = try await poller.poll(from: cursor).cursor
            let afterStart = await textus.requests
            #expect(afterStart.filter { $0.hasSuffix("/timeline") }.isEmpty, "no timeline is read before anything happens in it")
            #expect(afterStart.filter { $0.contains("/conversation_filters/") }.count == 4, "the first poll lists every page (one conversation each)")

            clock.advance(by: 5)
            cursor = try await poller.poll(from: cursor).cursor
            let quiet = await textus.requests.dropFirst(afterStart.count)
            #expect(quiet.count == 1 && quiet.first?.contains("/conversation_filters/all/conversations") == true, "\(Array(quiet))")

            await textus.customerMessage("news", in: "/conversations/Pvwqm5G")
            let before = await textus.requests.count
            let eventsPoll = try await poller.poll(from: cursor)
            let events = eventsPoll.events
            #expect(events.map(\.message?.body) == ["news"])
            #expect(events.first?.id.hasPrefix("textus:/messages/") == true)
            let timelines = await textus.requests.dropFirst(before).filter { $0.hasSuffix("/timeline") }
            #expect(Set(timelines) == ["GET /conversations/Pvwqm5G/timeline"], "only where something happened")
        }
    }

    /// Near the end of its budget the client spreads the requests left over the time left,
    /// so a burst larger than the limit goes through without one 429.
    @Test func theClientPacesItselfAndNeverMeetsTheRateLimit() async throws {
        let textus = FakeTextUs(options: .init(rateLimit: 15, rateWindowSeconds: 2))
        try await FakeTextUsServer(textus: textus).serving { port in
            let client = TextUsClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: TextUsToken("fake-textus-token"), account: "acme_support",
                                                           retry: RetryPolicy(maxAttempts: 1)),
                                      httpClient: HTTPClient.shared)
            for _ in 0..<40 { _ = try await client.conversation(id: "/conversations/Pq7Lm2") }
            #expect(await textus.withState { $0.rateLimited } == 0)
            #expect(await textus.requests.count == 40)
        }
    }

    /// A worker stopped before its first poll was saved loses nothing: what came after it
    /// first started is new on the first poll too, and what came before never is.
    @Test func theFirstPollTakesWhatCameAfterTheStartAndNothingBefore() async throws {
        try await Self.run { poller, textus, clock in
            let start = try poller.initialCursor(startedAt: clock.now().addingTimeInterval(-0.5))
            await textus.customerMessage("after the start", in: "/conversations/kY1QwY")
            let eventsPoll = try await poller.poll(from: start)
            let events = eventsPoll.events
            #expect(events.compactMap(\.message?.body) == ["after the start"])
        }
    }

    @Test func aCloseFarDownTheListIsSeenAtTheNextSweep() async throws {
        try await Self.run { poller, textus, clock in
            var cursor = try await poller.poll(from: try poller.initialCursor(startedAt: clock.now())).cursor
            // The seed page's conversation is the oldest: last in the list, on its own page.
            await textus.agentCloses("/conversations/Pvwqm5G")
            clock.advance(by: 30)
            let earlyPoll = try await poller.poll(from: cursor)
            let early = earlyPoll.events
            let next = earlyPoll.cursor
            #expect(early.isEmpty, "between sweeps, only the newest page is compared")
            cursor = next
            clock.advance(by: 31)
            let sweptPoll = try await poller.poll(from: cursor)
            let swept = sweptPoll.events
            #expect(swept.map(\.type) == [.conversationClosed])
            #expect(swept.first?.isDerived == true)
            #expect(swept.first?.observedAt == Timestamp.parse(Timestamp.format(clock.now())))
        }
    }
}
