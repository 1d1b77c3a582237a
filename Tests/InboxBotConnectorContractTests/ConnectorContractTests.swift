import Foundation
import InboxBotCore
import InboxBotPlatforms
import Testing

/// The contract every platform's connector keeps, run against each one and its fake over
/// loopback HTTP: polling from a durable cursor (a restart included), webhooks (signature,
/// repeats, malformed bodies, the same event ids as polling), actions, settling, history.
@Suite(.serialized) struct ConnectorContractTests {
    static let platforms: [any ConnectorHarness] = [HatifHarness(), TextUsHarness(), TimelinesAIHarness(), HilosHarness()]
    static let secret = "contract-secret"

    @Test(arguments: platforms.map(\.name))
    func pollingFromACursorTakesPositionsThenNewEventsAndSurvivesARestart(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let start = try connector.poller.initialCursor(startedAt: Date())
            let firstPoll = try await connector.poller.poll(from: start)
            let first = firstPoll.events
            let positions = firstPoll.cursor
            #expect(first.filter { $0.type == .messageReceived }.isEmpty, "nothing from before the first start")
            let conversation = try await Self.conversation(connector, fake)
            var id = await fake.customerWrites("contract ping", in: conversation.id)
            if let unseen = connector.capabilities.messagesUnseen {
                // Cannot, on this platform: a message after a conversation's first is not polled
                // (\(unseen)). A new conversation's first message is.
                #expect(try await connector.poller.poll(from: positions).events.filter { $0.type == .messageReceived }.isEmpty, "\(unseen)")
                id = try #require(await fake.customerStarts("contract ping")).messageID
            }
            let eventsPoll = try await connector.poller.poll(from: positions)
            let events = eventsPoll.events
            let next = eventsPoll.cursor
            let received = events.filter { $0.type == .messageReceived }
            #expect(received.map(\.platformID) == [id])
            #expect(received.first?.message?.body == "contract ping")
            #expect(received.first?.conversation.platform == connector.capabilities.name)
            // A hand-over that failed, or a restart: the same cursor gives the same events.
            #expect(try await connector.poller.poll(from: positions).events.filter { $0.type == .messageReceived }.map(\.id) == received.map(\.id))
            #expect(try await connector.poller.poll(from: next).events.filter { $0.type == .messageReceived }.isEmpty)
        }
    }

    @Test(arguments: platforms.map(\.name))
    func webhooksAreAuthenticatedReadOnceAndNameEventsAsPollingDoes(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let handler = try #require(connector.webhooks, "\(platform) takes webhooks")
            let conversation = try await Self.conversation(connector, fake)
            let start = try connector.poller.initialCursor(startedAt: Date().addingTimeInterval(-1))
            let positionsPoll = try await connector.poller.poll(from: start)
            let positions = positionsPoll.cursor
            let id = await fake.customerWrites("by webhook", in: conversation.id)
            let signed = await fake.delivery(forMessage: id, body: "by webhook", in: conversation.id, secret: Self.secret)
            #expect(handler.authenticate(signed) == .accepted)
            var forged = signed
            forged.body = Data(String(decoding: signed.body, as: UTF8.self).replacingOccurrences(of: "by webhook", with: "forged").utf8)
            // A platform that signs its deliveries has a changed body refused; one that signs
            // nothing (TimelinesAI) vouches only by the URL key, which a changed body keeps.
            #expect((handler.authenticate(forged) == .accepted) == !connector.capabilities.signsWebhooks)
            // Stripped of whatever vouches for it (signature header, URL key), a delivery is refused.
            #expect(handler.authenticate(WebhookRequest(body: signed.body, headers: [:], query: [:])) != .accepted)
            #expect(!handler.isOpen, "a secret was configured, so not every delivery is taken")
            #expect(throws: (any Error).self) { try handler.delivery(from: Data("{\"not\": \"a delivery\"".utf8)) }

            let delivery = try handler.delivery(from: signed.body)
            #expect(try handler.delivery(from: signed.body).key == delivery.key, "a repeat has the same key")
            let event = try #require(try await delivery.event())
            #expect(event.type == .messageReceived)
            let polled = try await connector.poller.poll(from: positions).events.filter { $0.type == .messageReceived }
            if connector.capabilities.messagesUnseen != nil {
                // Cannot, on this platform: polling shows no message after the first, so the
                // pushed one is the only path.
                #expect(polled.isEmpty)
            } else {
                #expect(polled.map(\.id) == [event.id], "one event, whichever path brings it")
            }
        }
    }

    @Test(arguments: platforms.map(\.name))
    func actionsAreCarriedOutAndASendIsSettledFromThePlatform(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            _ = await fake.customerWrites("hello", in: conversation.id)  // opens the reply window where there is one
            let attempted = Date()
            let reply = fake.reply("contract reply")
            let sent = await connector.actions.perform(reply.action, on: conversation)
            guard case .done = sent else {
                Issue.record("the send did not go out: \(sent)")
                return
            }
            #expect(await fake.sentTexts(in: conversation.id).contains(reply.sent))
            let settled = try await connector.actions.settle(reply.action, on: conversation, attemptedAt: attempted)
            if connector.capabilities.messagesUnseen != nil {
                // Cannot, on this platform: no message list to look a send up in; never resent.
                guard case .cannotTell = settled else {
                    Issue.record("a platform that shows no messages must say it cannot tell: \(settled)")
                    return
                }
            } else {
                guard case .sent = settled else {
                    Issue.record("a send that went out was not found")
                    return
                }
                #expect(try await connector.actions.settle(.sendText("never sent"), on: conversation, attemptedAt: attempted) == .notSent)
            }

            #expect(await connector.actions.perform(.assign(user: fake.userEmail), on: conversation) == .done(detail: nil))
            #expect(await fake.assignee(of: conversation.id) != nil)
            #expect(await connector.actions.perform(.unassign, on: conversation) == .done(detail: nil))
            #expect(await fake.assignee(of: conversation.id) == nil)
            let now = try #require(try await connector.actions.conversation(id: conversation.id))
            #expect(now.assignee == nil)
            // Closing and reopening, where the platform can; where it cannot, rules are refused first.
            if connector.capabilities.unsupportedActions["close"] == nil {
                #expect(await connector.actions.perform(.close, on: conversation) == .done(detail: nil))
                #expect(await fake.isOpen(conversation.id) == false)
                #expect(await connector.actions.perform(.reopen, on: conversation) == .done(detail: nil))
                #expect(await fake.isOpen(conversation.id) == true)
            } else {
                guard case .failed = await connector.actions.perform(.close, on: conversation) else {
                    Issue.record("a close the platform cannot do must fail")
                    return
                }
            }
            #expect(try await connector.actions.conversation(id: "no-such-conversation") == nil)
        }
    }

    /// A new conversation, opened as the platform opens one (by texting, where that is the
    /// only way), found by settling, and not found for a number it never reached.
    @Test(arguments: platforms.map(\.name))
    func aConversationIsCreatedAndACreationIsSettledFromThePlatform(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            let text = connector.capabilities.opensConversationsByTexting ? "Welcome to Acme" : nil
            let create = RenderedAction.createConversation(channel: fake.channel, phone: "+13035550911", contactName: "New Customer", assignee: nil, text: text)
            let attempted = Date()
            if connector.capabilities.unsupportedActions["create_conversation"] != nil {
                // Cannot, on this platform: rules with it are refused first; here it fails.
                guard case .failed = await connector.actions.perform(create, on: conversation) else {
                    Issue.record("a creation the platform cannot do must fail")
                    return
                }
                return
            }
            guard case .done = await connector.actions.perform(create, on: conversation) else {
                Issue.record("the conversation was not created")
                return
            }
            let created = try #require(await fake.conversation(withPhone: "+13035550911"))
            if let text { #expect(await fake.sentTexts(in: created) == [text]) }
            guard case .sent = try await connector.actions.settle(create, on: conversation, attemptedAt: attempted) else {
                Issue.record("settling did not find the conversation created")
                return
            }
            let never = RenderedAction.createConversation(channel: fake.channel, phone: "+13035550912", contactName: nil, assignee: nil, text: text)
            #expect(try await connector.actions.settle(never, on: conversation, attemptedAt: attempted) == .notSent)
        }
    }

    /// Faults as the platforms give them: a rate limit on a read is waited out, and a send
    /// whose answer is lost is unknown, never failed or repeated, and settling finds it.
    @Test(arguments: platforms.map(\.name))
    func aRateLimitIsWaitedOutAndALostAnswerIsSettledNotRepeated(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            _ = await fake.customerWrites("hello", in: conversation.id)
            await fake.failNextMessageRead(status: 429, retryAfter: 1)
            if connector.capabilities.messagesUnseen != nil {
                #expect(try await connector.actions.conversation(id: conversation.id) != nil, "read after waiting out the 429")
            } else {
                let events = try await connector.history.events(conversationID: conversation.id, since: nil)
                #expect(events.contains { $0.message?.body == "hello" }, "read after waiting out the 429")
            }

            await fake.dropNextSendAnswer()
            let attempted = Date()
            let lost = fake.reply("lost answer")
            guard case .unknown = await connector.actions.perform(lost.action, on: conversation) else {
                Issue.record("a send whose answer was lost must be unknown")
                return
            }
            #expect(await fake.sentTexts(in: conversation.id).filter { $0 == lost.sent }.count == 1, "it went out once")
            let settled = try await connector.actions.settle(lost.action, on: conversation, attemptedAt: attempted)
            if connector.capabilities.messagesUnseen != nil {
                guard case .cannotTell = settled else {
                    Issue.record("a platform that shows no messages must say it cannot tell, never resend: \(settled)")
                    return
                }
            } else {
                guard case .sent = settled else {
                    Issue.record("settling did not find the send that went out")
                    return
                }
            }
        }
    }

    /// A worker paused past its hand-over deadline (sharing a database, it may have lost the
    /// conversation meanwhile) sends nothing: the write is held back at the HTTP layer, and the
    /// send is unknown, to be settled from the platform.
    @Test(arguments: platforms.map(\.name))
    func aWritePastItsHandOverDeadlineDoesNotGoOut(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            _ = await fake.customerWrites("hello", in: conversation.id)
            let tooLate = fake.reply("too late")
            let late = await HandOver.$deadline.withValue(ContinuousClock.now - .seconds(1)) {
                await connector.actions.perform(tooLate.action, on: conversation)
            }
            guard case .unknown = late else {
                Issue.record("a send held back must be unknown, to be settled: \(late)")
                return
            }
            #expect(await !fake.sentTexts(in: conversation.id).contains(tooLate.sent))
            let inTime = await HandOver.$deadline.withValue(ContinuousClock.now + .seconds(30)) {
                await connector.actions.perform(fake.reply("in time").action, on: conversation)
            }
            guard case .done = inTime else {
                Issue.record("a send within its deadline goes out: \(inTime)")
                return
            }
        }
    }

    @Test(arguments: platforms.map(\.name))
    func historyReadsAConversationsPastReadOnly(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            let id = await fake.customerWrites("for the record", in: conversation.id)
            let events = try await connector.history.events(conversationID: conversation.id, since: nil)
            if connector.capabilities.messagesUnseen != nil {
                // Cannot, on this platform: its history is each conversation's first message.
                #expect(!events.contains { $0.platformID == id })
            } else {
                #expect(events.last?.platformID == id)
            }
            #expect(events.map(\.time) == events.map(\.time).sorted(), "oldest first")
        }
    }

    /// Events a platform does not push are found by comparing snapshots: they say so, carry
    /// when they were observed, and come once.
    @Test(arguments: platforms.map(\.name))
    func aChangeThePlatformDoesNotPushIsDerivedByPollingOnce(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            let positionsPoll = try await connector.poller.poll(from: try connector.poller.initialCursor(startedAt: Date()))
            let positions = positionsPoll.cursor
            await fake.agentCloses(conversation.id)
            let before = Date()
            let eventsPoll = try await connector.poller.poll(from: positions)
            let events = eventsPoll.events
            let next = eventsPoll.cursor
            let closed = events.filter { $0.type == .conversationClosed }
            #expect(closed.map(\.conversation.id) == [conversation.id], "\(events.map(\.type))")
            #expect(closed.first?.isDerived == true)
            #expect(closed.first.flatMap(\.observedAt).map { $0 >= before.addingTimeInterval(-1) } == true)
            #expect(closed.first?.conversation.status == .closed)
            #expect(try await connector.poller.poll(from: next).events.filter { $0.type == .conversationClosed }.isEmpty, "seen once")
        }
    }

    /// A conversation's history across pages of the platform's answers, oldest first.
    @Test(arguments: platforms.map(\.name))
    func historyReadsEveryPageOldestFirst(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            // Cannot, on a platform that shows only first messages: no history to page through.
            guard connector.capabilities.messagesUnseen == nil else { return }
            var ids: [String] = []
            for index in 1...5 {
                ids.append(await fake.customerWrites("page test \(index)", in: conversation.id))
                try await Task.sleep(for: .milliseconds(5))
            }
            let events = try await connector.history.events(conversationID: conversation.id, since: nil)
            #expect(Array(events.filter { $0.message?.body?.hasPrefix("page test") == true }.map(\.platformID)) == ids)
        }
    }

    /// One state file or database holds one platform's ids apart from another's: every id a
    /// connector gives carries its platform's prefix, and no two platforms share one.
    @Test(arguments: platforms.map(\.name))
    func everyIDCarriesThePlatformsPrefix(_ platform: String) async throws {
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let prefix = connector.capabilities.idPrefix
            let conversation = try await Self.conversation(connector, fake)
            #expect(conversation.id.hasPrefix(prefix))
            let positionsPoll = try await connector.poller.poll(from: try connector.poller.initialCursor(startedAt: Date()))
            let positions = positionsPoll.cursor
            _ = await fake.customerWrites("prefixed", in: conversation.id)
            _ = await fake.customerStarts("prefixed")
            let events = try await connector.poller.poll(from: positions).events + (try await connector.history.events(conversationID: conversation.id, since: nil))
            #expect(!events.isEmpty)
            for event in events {
                #expect(event.id.hasPrefix(prefix) && event.conversation.id.hasPrefix(prefix), "\(event.id) in \(event.conversation.id)")
            }
        }
    }

    /// What a platform's capabilities refuse (validate stops such rules first) also fails with
    /// a reason if it reaches the connector: never done, never left unknown to be retried.
    @Test(arguments: platforms.map(\.name))
    func whatAPlatformCannotDoFailsWithItsReason(_ platform: String) async throws {
        let samples: [String: RenderedAction] = [
            "tag": .addTags(["x"]), "untag": .removeTags(["x"]), "send_text": .sendText("hola"),
            "send_template": .sendTemplate(RenderedTemplate(name: "t", language: "es")), "close": .close, "reopen": .reopen,
            "run_flow": .runFlow(RenderedFlowRun(flow: "5f0c1a2b")), "assign_team": .assignTeam("Ventas"),
            "create_conversation": .createConversation(channel: "c", phone: "+15550001111", contactName: nil, assignee: nil, text: nil),
            "set_contact_property": .setContactProperties(["tier": "gold"]),
        ]
        try await Self.harness(platform).run(webhookSecret: Self.secret) { connector, fake in
            let conversation = try await Self.conversation(connector, fake)
            let refused = connector.capabilities.unsupportedActions.keys.sorted()
            #expect(Set(refused).isSubset(of: Set(samples.keys)), "a sample for every refused action: \(refused)")
            for keyword in refused {
                guard let action = samples[keyword] else { continue }
                guard case .failed(let reason) = await connector.actions.perform(action, on: conversation) else {
                    Issue.record("\(keyword) on \(platform) must fail, as its capabilities say")
                    continue
                }
                #expect(!reason.isEmpty)
            }
        }
    }

    /// Every platform in the one list that has a connector runs this suite, and no two share an id prefix.
    @Test func everyConnectorIsUnderContractAndThePrefixesDiffer() {
        #expect(Set(Platforms.all.filter { $0.connect != nil }.map(\.name)) == Set(Self.platforms.map(\.name)))
        let prefixes = Platforms.all.map(\.capabilities.idPrefix)
        #expect(Set(prefixes).count == prefixes.count, "no two platforms share a prefix: \(prefixes)")
        #expect(prefixes.filter(\.isEmpty).count <= 1, "at most one platform (Hatif, the first) keeps bare ids")
    }

    /// A seeded conversation as the connector reads it now.
    static func conversation(_ connector: any Connector, _ fake: any FakePlatformControl) async throws -> ConversationSnapshot {
        try #require(try await connector.actions.conversation(id: await fake.someConversationID()))
    }

    static func harness(_ name: String) throws -> any ConnectorHarness {
        try #require(platforms.first { $0.name == name })
    }
}
