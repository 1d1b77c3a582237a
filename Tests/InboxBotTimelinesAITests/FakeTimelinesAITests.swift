import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTesting
import Testing
@testable import InboxBotFakeTimelinesAI
@testable import InboxBotTimelinesAI

/// The fake TimelinesAI's quirks, each met by the real client and connector over loopback
/// HTTP: the seed page answered verbatim, the 404 page on a trailing slash, the silent PATCH,
/// labels added and replaced, sends queued and echoed about 2 s later, 429s, notes.
@Suite struct FakeTimelinesAITests {
    static let token = "fake-timelinesai-token"

    // Timeouts are generous: these tests check what the fake answers, not how fast, and a
    // loaded two-core machine running the whole suite can keep a request waiting seconds.
    /// A fake on a loopback port, a client and the connector on it.
    static func withFake(_ options: FakeTimelinesAI.Options = .init(), perMinute: Double = 60_000,
                         _ body: @Sendable (FakeTimelinesAI, TimelinesAIClient, TimelinesAIConnector, Int) async throws -> Void) async throws {
        let timelines = FakeTimelinesAI(options: options)
        try await FakeTimelinesAIServer(timelines: timelines).serving { port in
            let client = TimelinesAIClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: APIToken(options.token), requestTimeout: 30,
                                                                retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05),
                                                                requestsPerMinute: perMinute, burst: 100),
                                           httpClient: HTTPClient.shared)
            var settings = TimelinesAIConnector.Settings()
            settings.webhookKey = "hook-key"
            try await body(timelines, client, TimelinesAIConnector(client: client, settings: settings), port)
        }
    }

    static func get(_ url: String, bearer: String? = token) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.headers.add(name: "User-Agent", value: "tests")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func theSeedPagesExampleIsAnsweredAsPrintedAndDecodes() async throws {
        try await Self.withFake { _, client, _, port in
            let (status, text) = try await Self.get("http://127.0.0.1:\(port)/integrations/api/chats/1000001/messages")
            #expect(status == 200)
            let answered = try JSONValue.parse(text)["data"]?["messages"]
            let printed = try JSONValue.parse(String(decoding: try TimelinesAIDecodingTests.fixture("chat-messages.json"), as: UTF8.self))["data"]?["messages"]
            #expect(answered == printed, "the documentation's message, field for field")
            let page = try await client.messages(chatID: "1000001")
            #expect(page.items.first?.isNote == true && page.items.first?.chatID == TimelinesAIID("1000001"))
        }
    }

    @Test func whatTheAPIRefusesIsClassified() async throws {
        try await Self.withFake { _, client, _, port in
            let (slash, page) = try await Self.get("http://127.0.0.1:\(port)/chats/")
            #expect(slash == 404 && page.contains("<html"), "a trailing slash gets the web app's 404 page")
            #expect(TimelinesAIError.timelinesAI(status: 404, body: Data(page.utf8), retryAfter: nil) == .notFound("an HTML page, not the API's answer"))
            #expect(try await Self.get("http://127.0.0.1:\(port)/chats", bearer: "wrong").0 == 401)
            await #expect(throws: TimelinesAIError.notFound("Whatsapp chat_id \"99\" not found")) { try await client.chat(id: "99") }
            // The client never sends a path that ends in a slash, or one that leaves the API.
            await #expect(throws: TimelinesAIError.self) { _ = try await client.call(.GET, "/chats/", repeatability: .safe) }
            await #expect(throws: TimelinesAIError.self) { _ = try await client.call(.GET, "/chats/../webhooks", repeatability: .safe) }
            await #expect(throws: TimelinesAIError.notFound("no chat ../1")) { _ = try await client.chat(id: "../1") }
        }
    }

    /// A PATCH with a field TimelinesAI does not know answers 200 with the chat unchanged, and
    /// any email is taken as the responsible: the connector checks emails first and the
    /// returned chat after.
    @Test func aChangeThePlatformDidNotMakeIsRefusedNotCountedDone() async throws {
        try await Self.withFake { timelines, client, connector, _ in
            let ignored = try await client.updateChat(id: "27616436", [("responsible_email", "omar@acme.example")])
            #expect(ignored.responsibleEmail == nil, "ignored, with a 200")
            let chat = ConversationSnapshot(id: "timelinesai:27616436")
            guard case .failed(let reason) = await connector.actions.perform(.assign(user: "stranger@example.com"), on: chat) else {
                Issue.record("an email that is no teammate must fail")
                return
            }
            #expect(reason.contains("no teammate of the TimelinesAI workspace has the email stranger@example.com"))
            #expect(await timelines.writes.filter { $0.method == "PATCH" }.count == 1, "nothing sent for the stranger")
            // TimelinesAI answering 200 without applying the change: the answer is checked.
            await timelines.inject(FakeFault(kind: .body, path: "/chats/27616436", method: "PATCH",
                                             body: #"{"status":"ok","data":{"id":27616436,"name":"Yossi Cohen","closed":false,"responsible_email":null}}"#))
            guard case .failed(let unchanged) = await connector.actions.perform(.assign(user: "omar@acme.example"), on: chat) else {
                Issue.record("an assignment TimelinesAI did not make must fail")
                return
            }
            #expect(unchanged.contains("answered 200 but did not assign to omar@acme.example"), "\(unchanged)")
            #expect(await connector.actions.perform(.assign(user: "OMAR@acme.example"), on: chat) == .done(detail: nil))
            #expect(await timelines.responsible(of: "27616436") == "omar@acme.example")
        }
    }

    @Test func labelsAreAddedByPutAndRemovedByReplacingThemAll() async throws {
        try await Self.withFake { timelines, _, connector, _ in
            let chat = ConversationSnapshot(id: "timelinesai:27616435")
            #expect(await connector.actions.perform(.addTags(["orders"]), on: chat) == .done(detail: nil))
            #expect(await timelines.labels(of: "27616435") == ["vip", "billing", "orders"])
            #expect(await connector.actions.perform(.removeTags(["VIP"]), on: chat) == .done(detail: nil))
            #expect(await timelines.labels(of: "27616435") == ["billing", "orders"])
            let writes = await timelines.writes.map { "\($0.method) \($0.path)" }
            #expect(writes == ["PUT /chats/27616435/labels", "POST /chats/27616435/labels"])
        }
    }

    /// A chat prints its responsible as `responsible_email` or, on some answers, as the guide's
    /// short `responsible`; the client reads the same teammate from each.
    @Test func theResponsibleIsPrintedInBothDocumentedFormsAndReadAlike() async throws {
        try await Self.withFake { _, client, _, port in
            var keys: Set<String> = [], read: Set<String?> = []
            for _ in 0..<4 {
                let (_, text) = try await Self.get("http://127.0.0.1:\(port)/chats/27616435")
                let chat = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["data"] as? [String: Any])
                keys.formUnion(chat.keys.filter { $0.hasPrefix("responsible") })
                read.insert(try JSONDecoder().decode(TimelinesAIEnvelope<TimelinesAIChat>.self, from: Data(text.utf8)).data.responsibleEmail)
            }
            #expect(keys == ["responsible", "responsible_email", "responsible_name"])
            #expect(read == ["kate@acme.example"])
            #expect(try await client.chat(id: "27616435").responsibleEmail == "kate@acme.example")
        }
    }

    /// The workspace's offset follows Israel's summer and winter time, as the live chat whose
    /// `created_timestamp` says `+0200` and `last_message_timestamp` says `+0300`.
    @Test func timesCarryTheWorkspacesOffsetForTheirDate() throws {
        let winter = try #require(Timestamp.parse("2024-11-11T15:17:55Z")), summer = try #require(Timestamp.parse("2026-05-18T07:44:21Z"))
        #expect(FakeTimelinesAIState.stamp(winter) == "2024-11-11 17:17:55 +0200")
        #expect(FakeTimelinesAIState.stamp(summer) == "2026-05-18 10:44:21 +0300")
        #expect(TimelinesAITime.parse(FakeTimelinesAIState.stamp(winter)) == winter)
    }

    /// Deliveries come in the older examples' form and in the newer one's, whose phone is bare
    /// digits; both make the same contact.
    @Test func webhookDeliveriesComeInBothDocumentedFormsAndNameOneContact() async throws {
        try await Self.withFake { timelines, _, _, _ in
            await timelines.startWebhooks()
            await timelines.customerMessage("Hello?", in: "27616435")
            await timelines.customerMessage("Anyone?", in: "27616435")
            let deliveries = await timelines.takeWebhooks()
            #expect(deliveries.count == 2)
            let chats = try deliveries.map { try #require((try JSONSerialization.jsonObject(with: $0) as? [String: Any])?["chat"] as? [String: Any]) }
            let phones = chats.compactMap { $0["phone"] as? String }
            #expect(Set(phones) == ["+972501111111", "972501111111"], "\(phones)")
            #expect(Set(chats.map { $0["chat_type"] == nil }) == [true, false], "with and without the newer fields")
            let payloads = try deliveries.map(TimelinesAIWebhookPayload.decode)
            #expect(payloads.map(\.phone) == ["+972501111111", "+972501111111"])
        }
    }

    /// A send is accepted with its uid, stays queued about 2 s, and then comes back as
    /// `message:sent:new`, which the webhook handler makes the bot's own message event.
    @Test func aSendIsQueuedAndItsEchoCarriesItsUID() async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_773_754_200))
        try await Self.withFake(.init(now: { clock.now() }, sendGap: 2...2)) { timelines, _, connector, _ in
            await timelines.startWebhooks()
            let chat = ConversationSnapshot(id: "timelinesai:27616437")
            guard case .done(let uid?) = await connector.actions.perform(.sendText("On its way"), on: chat) else {
                Issue.record("the send was not accepted")
                return
            }
            #expect(await timelines.takeWebhooks().isEmpty, "queued, not sent yet")
            clock.advance(by: 2.5)
            let deliveries = await timelines.takeWebhooks()
            #expect(deliveries.count == 1)
            let handler = try #require(connector.webhooks)
            let delivery = try #require(deliveries.first)
            let event = try #require(try await handler.delivery(from: delivery).event())
            #expect(event.type == .messageSent && event.platformID == uid, "known by the uid the send returned")
        }
    }

    /// Over the rate limit (here 3 a minute, on a clock the test moves, so that a loaded machine
    /// cannot spread the requests over windows) the fake answers 429, which the client reports
    /// as such once its retries are spent; a new window serves it again. That a 429 with
    /// Retry-After is waited out is in the connector contract suite.
    @Test func theRateLimitIsKeptAndReported() async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_773_754_200))
        try await Self.withFake(.init(now: { clock.now() }, rateLimit: 3)) { timelines, _, _, port in
            // One attempt: a retry would wait out the 429's Retry-After, a minute of this frozen clock.
            let client = TimelinesAIClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: APIToken(Self.token), retry: RetryPolicy(maxAttempts: 1)),
                                           httpClient: HTTPClient.shared)
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await Self.get("http://127.0.0.1:\(port)/chats/27616435").0) }
            #expect(statuses == [200, 200, 200, 429])
            await #expect(throws: TimelinesAIError.rateLimited(retryAfter: 60)) { _ = try await client.chat(id: "27616435") }
            #expect(await timelines.withState { $0.rateLimited } == 2)
            clock.advance(by: 61)
            let chat = try await client.chat(id: "27616435")
            #expect(chat.name == "Dana Levi", "a new minute, a new window")
        }
    }

    /// An assignment reaches the connector twice, by `chat:assigned` and by the next poll's
    /// list (every poll here lists all chats); it makes one event, whichever comes first.
    @Test func anAssignmentSeenByWebhookAndByPollMakesOneEvent() async throws {
        try await Self.withFake { timelines, client, _, _ in
            var settings = TimelinesAIConnector.Settings()
            settings.webhookKey = "hook-key"
            settings.poller.sweepSeconds = 0
            let connector = TimelinesAIConnector(client: client, settings: settings)
            let poller = connector.poller
            let handler = try #require(connector.webhooks)
            let startPoll = try await poller.poll(from: try poller.initialCursor(startedAt: Date().addingTimeInterval(-1)))
            let start = startPoll.cursor
            await timelines.startWebhooks()

            await timelines.agentAssigns("27616436", to: "omar@acme.example")
            let webhookFirst = try #require(await timelines.takeWebhooks().first)
            #expect(try await handler.delivery(from: webhookFirst).event()?.type == .conversationAssigned)
            let afterWebhookPoll = try await poller.poll(from: start)
            let afterWebhook = afterWebhookPoll.events
            let positions = afterWebhookPoll.cursor
            #expect(!afterWebhook.contains { $0.type == .conversationAssigned }, "already reported: \(afterWebhook.map(\.type))")

            await timelines.agentAssigns("27616437", to: "lina@acme.example")
            let polled = try await poller.poll(from: positions).events
            #expect(polled.filter { $0.type == .conversationAssigned }.map(\.conversation.id) == ["timelinesai:27616437"])
            let pollFirst = try #require(await timelines.takeWebhooks().first)
            #expect(try await handler.delivery(from: pollFirst).event() == nil, "already reported by the poll")
        }
    }

    /// Notes are agents' notes to each other: no event, and the chat no longer waits.
    @Test func aNoteMakesNoEventAndCountsAsTheTeamsAnswer() async throws {
        try await Self.withFake { timelines, _, connector, _ in
            let poller = connector.poller
            let positionsPoll = try await poller.poll(from: try poller.initialCursor(startedAt: Date().addingTimeInterval(-1)))
            let positions = positionsPoll.cursor
            await timelines.customerMessage("Is anyone there?", in: "27616438")
            await timelines.agentNote("Calling her back", in: "27616438")
            let events = try await poller.poll(from: positions).events
            #expect(events.map(\.type) == [.messageReceived], "the note made none: \(events.map(\.type))")
            let snapshot = try #require(try await connector.actions.conversation(id: "timelinesai:27616438"))
            #expect(snapshot.unread == 0, "answered by the note")
        }
    }
}
