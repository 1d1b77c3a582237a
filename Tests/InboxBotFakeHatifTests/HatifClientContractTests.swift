import Foundation
import InboxBotCore
import InboxBotFakeSupport
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif

/// The real client against the fake Hatif, over loopback HTTP.
@Suite(.serialized) struct HatifClientContractTests {
    static let main = FakeHatifSeed.mainChannel

    @Test func readsEveryResource() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let channels = try await client.channels()
            #expect(channels.map(\.name) == ["Main Line", "Support"])
            #expect(channels.first?.phoneNumber == "+966500000001")

            let page = try await client.conversations(channelID: Self.main)
            #expect(page.totalCount == 2)
            let names = page.items.map(\.contactName)
            #expect(names == ["محمد العتيبي", "John Doe"], "newest activity first")

            let john = try #require(page.items.first { $0.contactName == "John Doe" })
            #expect(john.tags?.map(\.name) == ["vip"], "the list gives TagDto objects")
            #expect(john.lastEventWasInbound)
            let single = try await client.conversation(id: john.id)
            #expect(single.isOpen && single.channel?.type == "WhatsApp")
            let vip = try #require(john.tags?.first?.id)
            #expect(single.tags == [HatifTag(id: vip, name: nil)], "the single read gives ids, as the API definition declares")

            let timeline = try await client.timeline(conversationID: john.id)
            #expect(timeline.items.map(\.body) == ["Hello, I want a refund"])
            #expect(try await client.workspaceUsers().compactMap(\.email).contains("sara@acme.sa"))
            #expect(try await client.tags().map(\.name) == ["vip", "refund", "billing", "routed"])
            let contactID = try #require(john.contactID)
            #expect(try await client.contact(id: contactID).phoneNumber == "+966500111222")
            #expect(await hatif.writes.isEmpty)
        }
    }

    @Test func pascalCaseAnswersDecodeTheSame() async throws {
        try await FakeHatifHarness.run(options: .init(keyStyle: .pascalCase)) { _, client, _ in
            let page = try await client.conversations(channelID: Self.main)
            #expect(page.items.count == 2)
            #expect(page.items.allSatisfy { $0.channel?.name == "Main Line" })
        }
    }

    @Test func theFakeEnforcesTokensAndPagingLimits() async throws {
        try await FakeHatifHarness.run { _, _, port in
            let base = "http://127.0.0.1:\(port)"
            #expect(try await FakeHatifHarness.raw("GET", "\(base)/v1/tags/service-account").status == 401)
            let login = try await FakeHatifHarness.raw("POST", "\(base)/connect/token", body: "grant_type=client_credentials&client_id=inboxbot-test&client_secret=fake-secret&scope=VoxaAPI")
            #expect(login.status == 200)
            let token = try #require((try JSONSerialization.jsonObject(with: Data(login.body.utf8)) as? [String: Any])?["access_token"] as? String)
            let tooMany = try await FakeHatifHarness.raw("GET", "\(base)/v1/tags/service-account?MaxResultCount=1001", token: token)
            #expect(tooMany.status == 400)
            #expect(tooMany.body.contains("MaxResultCount"))
            let defaultPage = try await FakeHatifHarness.raw("GET", "\(base)/v1/tags/service-account?skipcount=1", token: token)
            #expect(defaultPage.body.contains("\"totalCount\":4"))
            let wrongSecret = try await FakeHatifHarness.raw("POST", "\(base)/connect/token", body: "grant_type=client_credentials&client_id=inboxbot-test&client_secret=nope&scope=VoxaAPI")
            #expect(wrongSecret.status == 400)
        }
    }

    @Test func theTokenIsCachedAndRefreshedOnceAfterA401() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            _ = try await client.channels()
            _ = try await client.tags()
            #expect(await hatif.tokensIssued == 1)
            await hatif.withState { $0.tokens.removeAll() }  // the server forgets every token
            _ = try await client.channels()
            #expect(await hatif.tokensIssued == 2)
        }
    }

    @Test func anExpiredTokenIsReplacedBeforeUse() async throws {
        try await FakeHatifHarness.run(options: .init(tokenLifetimeSeconds: 1)) { hatif, client, _ in
            _ = try await client.channels()
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await client.channels()
            #expect(await hatif.tokensIssued == 2)
        }
    }

    @Test func requestsThatFindTheTokenExpiredShareOneLogin() async throws {
        // Each answer, the login's too, takes a tenth of a second: the ten requests all find the token expired.
        try await FakeHatifHarness.run(options: .init(tokenLifetimeSeconds: 1, requestLatency: 0.1...0.1)) { hatif, client, _ in
            _ = try await client.channels()
            try await Task.sleep(for: .milliseconds(1100))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await client.channels() } }
                try await group.waitForAll()
            }
            #expect(await hatif.tokensIssued == 2, "one login for the ten")
            // The server forgets its tokens: the ten get 401s, and one of them logs in again.
            await hatif.withState { $0.tokens.removeAll() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await client.channels() } }
                try await group.waitForAll()
            }
            #expect(await hatif.tokensIssued == 3, "one login after the ten 401s")
        }
    }

    @Test func wrongCredentialsAreNamedButNeverShown() async throws {
        try await FakeHatifHarness.run(credentials: HatifCredentials(clientID: "inboxbot-test", clientSecret: "s3cret-value")) { _, client, _ in
            do {
                _ = try await client.channels()
                Issue.record("a wrong secret was accepted")
            } catch {
                #expect(!"\(error)".contains("s3cret-value"))
            }
        }
        #expect(!"\(HatifCredentials(clientID: "id", clientSecret: "s3cret-value"))".contains("s3cret"))
    }

    @Test func readsRetryTransientFaultsToSuccess() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            await hatif.inject(FakeFault(kind: .status, path: "/timeline", status: 503, remaining: 2))
            await hatif.inject(FakeFault(kind: .status, path: "/channels/service-account", status: 502, remaining: 1))
            let conversations = try await client.conversations(channelID: Self.main)
            let timeline = try await client.timeline(conversationID: try #require(conversations.items.first).id)
            #expect(!timeline.items.isEmpty)
            #expect(try await client.channels().count == 2)
        }
    }

    @Test func a429IsWaitedOut() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            await hatif.inject(FakeFault(kind: .status, path: "/v1/tags", status: 429, retryAfter: 1, remaining: 2))
            let start = ContinuousClock.now
            let tags = try await client.tags()
            #expect(tags.count == 4)
            // A lower bound only: Retry-After was honoured, twice.
            #expect(ContinuousClock.now - start >= .seconds(2))
        }
    }

    /// HTTP allows Retry-After in seconds or as a date; the fake answers both, in turn, and
    /// the client reads both (the two 429s above are one of each).
    @Test func retryAfterComesAsSecondsOrAsAnHTTPDate() throws {
        let error = FakeHatifError(status: 429, code: nil, message: "slow down", retryAfter: 3)
        let seconds = try #require(FakeHatifServer.error(error, pascal: false).headers[.retryAfter])
        let date = try #require(FakeHatifServer.error(error, pascal: false, retryAfterAsDate: true).headers[.retryAfter])
        #expect(seconds == "3")
        #expect(date.hasSuffix(" GMT"), "\(date)")
        let wait = try #require(RetryAfter.seconds(date, now: Date()))
        #expect((2...4).contains(wait), "a date three seconds ahead, rounded up: \(wait)")
    }

    @Test func idempotentWritesRetryButSendsNever() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let conversation = try #require(try await client.conversations(channelID: Self.main).items.first)
            await hatif.inject(FakeFault(kind: .status, path: "/assign", status: 503, remaining: 2))
            try await client.assign(conversationID: conversation.id, userID: "user-1")
            #expect(await hatif.assignee(of: conversation.id) == "user-1")

            await hatif.inject(FakeFault(kind: .status, path: "/sendText", status: 503, remaining: 5))
            await #expect(throws: HatifError.server(status: 503, message: "injected fault")) {
                _ = try await client.sendText(channelID: Self.main, toNumber: "+966555000111", text: "hello")
            }
            let sends = await hatif.writes.filter { $0.path.hasSuffix("/sendText") }
            #expect(sends.count == 1, "a send is tried once, whatever the fault")
            #expect(sends.allSatisfy { !$0.applied })
        }
    }

    @Test func aStalledSendIsUnknownAndNeverRepeated() async throws {
        try await FakeHatifHarness.run(requestTimeout: 1) { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let mohammed = try #require(try await client.conversations(channelID: Self.main).items.first { $0.contactName == "محمد العتيبي" })
            await hatif.inject(FakeFault(kind: .applyThenStall, path: "/sendTemplate", delaySeconds: 3))
            let snapshot = HatifEventMapper().snapshot(of: mohammed, tally: ConversationTally())
            let outcome = await platform.perform(.sendTemplate(RenderedTemplate(name: "refund_ack", language: "ar", body: ["محمد"])), on: snapshot)
            guard case .unknown = outcome else {
                Issue.record("a send that timed out after it was applied must be unknown, got \(outcome)")
                return
            }
            let writes = await hatif.writes.filter { $0.path.hasSuffix("/sendTemplate") }
            #expect(writes.count == 1 && writes[0].applied, "it went out exactly once")
            let outbound = await hatif.timelineBodies(of: mohammed.id).filter { $0.direction == 2 && ($0.body ?? "").hasPrefix("[template") }
            #expect(outbound.count == 1)

            // Settling reads the timeline and finds it, so the worker will not send it again.
            let template = RenderedTemplate(name: "refund_ack", language: "ar", body: ["محمد"])
            let settlement = try await platform.settle(.sendTemplate(template), on: snapshot, attemptedAt: Date())
            guard case .sent = settlement else {
                Issue.record("the stalled send was not found in the timeline")
                return
            }
            let other = RenderedTemplate(name: "refund_ack", language: "ar", body: ["someone else"])
            #expect(try await platform.settle(.sendTemplate(other), on: snapshot, attemptedAt: Date()) == .notSent)
            #expect(try await platform.settle(.sendText("never sent"), on: snapshot, attemptedAt: Date()) == .notSent)
        }
    }

    @Test func aConnectionDroppedAfterTheWriteMakesTheSendUnknown() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let platform = HatifPlatform(client: client)
            let john = try #require(try await client.conversations(channelID: Self.main).items.first { $0.contactName == "John Doe" })
            let snapshot = HatifEventMapper().snapshot(of: john, tally: ConversationTally())
            await hatif.customerMessage("Where is my refund?", in: john.id)  // opens the 24-hour window
            await hatif.inject(FakeFault(kind: .applyThenDrop, path: "/sendText"))
            let outcome = await platform.perform(.sendText("Your refund is on its way"), on: snapshot)
            guard case .unknown = outcome else {
                Issue.record("a send whose answer was cut off must be unknown, got \(outcome)")
                return
            }
            let sends = await hatif.writes.filter { $0.path.hasSuffix("/sendText") }
            #expect(sends.count == 1 && sends[0].applied)
            #expect(try await platform.settle(.sendText("Your refund is on its way"), on: snapshot, attemptedAt: Date()) != .notSent)
        }
    }

    @Test func a429StormOnASendIsWaitedOutAndItGoesOutOnce() async throws {
        try await FakeHatifHarness.run(retry: RetryPolicy(maxAttempts: 6, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 5)) { hatif, client, _ in
            let john = try #require(try await client.conversations(channelID: Self.main).items.first { $0.contactName == "John Doe" })
            await hatif.inject(FakeFault(kind: .status, path: "/sendTemplate", status: 429, retryAfter: 1, remaining: 4))
            let start = ContinuousClock.now
            let result = try await client.sendTemplate(channelID: Self.main, toNumber: "966500111222", template: RenderedTemplate(name: "hello", language: "en", body: ["John"]))
            #expect(result.conversationEventID != nil)
            #expect(ContinuousClock.now - start >= .seconds(4))
            let sends = await hatif.writes.filter { $0.path.hasSuffix("/sendTemplate") }
            // Four refusals (nothing done), then one send that went out.
            #expect(sends.map(\.applied) == [false, false, false, false, true])
            #expect(await hatif.timelineBodies(of: john.id).filter { $0.direction == 2 }.count == 1)
        }
    }

    @Test func aForbiddenAnswerFailsTheActionWithItsReason() async throws {
        try await FakeHatifHarness.run { hatif, client, _ in
            let john = try #require(try await client.conversations(channelID: Self.main).items.first { $0.contactName == "John Doe" })
            await hatif.inject(FakeFault(kind: .status, path: "/assign", status: 403, remaining: 1))
            let outcome = await HatifPlatform(client: client).perform(.unassign, on: HatifEventMapper().snapshot(of: john, tally: ConversationTally()))
            #expect(outcome == .failed(reason: "forbidden (403): injected fault"))
            #expect(await hatif.writes.filter { $0.path.hasSuffix("/assign") }.count == 1, "a 403 is not retried")
        }
    }
}
