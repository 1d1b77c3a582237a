import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotTesting
import Testing
@testable import InboxBotFakeTimelinesAI
@testable import InboxBotTimelinesAI

/// What polling costs in requests, on a quiet inbox and a busy one: TimelinesAI allows 50
/// requests a minute, so the poller reads only what changed. Counted, not timed; the figures
/// are in docs/platforms/timelinesai.md.
@Suite struct TimelinesAIPollingCostTests {
    @Test func aQuietPollCostsOneRequestAndABusyOneARequestPerChangedChat() async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_773_754_200))
        let timelines = FakeTimelinesAI(options: .init(now: { clock.now() }, rateLimit: 100_000))
        let chats = await timelines.withState { state in
            (0..<244).map { index in String(state.addChat(name: String(format: "Customer %03d", index), phone: "+97253\(String(format: "%07d", index))",
                                                          at: clock.now().addingTimeInterval(-86_400))) }
        }
        try await FakeTimelinesAIServer(timelines: timelines).serving { port in
            let client = TimelinesAIClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: APIToken("fake-timelinesai-token"),
                                                                requestsPerMinute: 60_000, burst: 100), httpClient: HTTPClient.shared)
            let poller = TimelinesAIPoller(client: client, cache: TimelinesAIChatCache(), clock: clock)
            func cost(_ poll: () async throws -> [Event]) async throws -> (requests: Int, events: Int) {
                let before = await client.requestCount
                let events = try await poll()
                return (await client.requestCount - before, events.count)
            }
            var cursor = try poller.initialCursor(startedAt: clock.now())
            func poll() async throws -> [Event] {
                let eventsPoll = try await poller.poll(from: cursor)
                let events = eventsPoll.events
                let next = eventsPoll.cursor
                cursor = next
                return events
            }
            // 250 chats: 5 pages of 50 in a sweep.
            let first = try await cost(poll)
            #expect(first.requests == 5 && first.events == 0, "the first poll sweeps, and takes positions: \(first)")
            clock.advance(by: 10)
            let quiet = try await cost(poll)
            #expect(quiet.requests == 1 && quiet.events == 0, "a quiet poll lists the unread chats, one page: \(quiet)")
            for chat in chats.prefix(10) { await timelines.customerMessage("any news?", in: chat) }
            clock.advance(by: 10)
            let busy = try await cost(poll)
            #expect(busy.requests == 11 && busy.events == 10, "one page of unread chats and one read per changed chat: \(busy)")
            clock.advance(by: 300)
            let sweep = try await cost(poll)
            #expect(sweep.requests == 5 && sweep.events == 0, "every five minutes, the sweep lists all 250: \(sweep)")
            print("TimelinesAI polling cost, 250 chats: first \(first.requests), quiet \(quiet.requests), busy (10 changed) \(busy.requests), sweep \(sweep.requests) requests")
        }
    }
}
