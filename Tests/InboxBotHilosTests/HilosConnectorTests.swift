import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTesting
import Testing
@testable import InboxBotFakeHilos
@testable import InboxBotHilos

/// Hilos's poller and actions against the fake Hilos over loopback HTTP: events found by
/// comparing snapshots, a bounded cost per poll, and every action checked in what Hilos returns.
@Suite struct HilosConnectorTests {
    struct Setup: Sendable {
        let hilos: FakeHilos
        let client: HilosClient
        let memory: HilosConversationMemory
        let platform: HilosPlatform
        let clock: ManualWallClock

        func poller(_ options: HilosPoller.Options = .init()) -> HilosPoller {
            HilosPoller(client: client, memory: memory, options: options, clock: clock)
        }
    }

    static func withFake(_ body: @Sendable (Setup) async throws -> Void) async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_773_754_200))
        let hilos = FakeHilos(options: .init(now: { clock.now() }))
        try await FakeHilosServer(hilos: hilos).serving { port in
            let client = HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", key: APIToken("fake-hilos-key"), requestTimeout: 30,
                                                          retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), requestsPerMinute: 600_000, burst: 1000),
                                     httpClient: HTTPClient.shared)
            let memory = HilosConversationMemory()
            try await body(Setup(hilos: hilos, client: client, memory: memory, platform: HilosPlatform(client: client, memory: memory), clock: clock))
        }
    }

    @Test func pollingFindsNewConversationsAndChangesByComparingSnapshots() async throws {
        try await Self.withFake { setup in
            let poller = setup.poller()
            var cursor = try poller.initialCursor(startedAt: setup.clock.now())
            let first = try await poller.poll(from: cursor)
            #expect(first.events.isEmpty, "what was there before the first start is no event: \(first.events.map(\.type))")
            cursor = first.cursor
            setup.clock.advance(by: 5)
            let new = await setup.hilos.newConversation(phone: "+5215511119999", name: "Lucía", text: "¿Dónde está mi pedido?")
            let created = try await poller.poll(from: cursor)
            let events = created.events
            #expect(events.map(\.type) == [.conversationCreated, .messageReceived])
            #expect(events.last?.message?.body == "¿Dónde está mi pedido?" && events.last?.conversation.id == "hilos:" + new)
            #expect(events.last?.conversation.unread == 1 && events.last?.conversation.platformStatus == "NEW")
            cursor = created.cursor
            await setup.hilos.agentAnswers(new)
            setup.clock.advance(by: 5)
            let answered = try await poller.poll(from: cursor)
            let change = try #require(answered.events.first, "NEW to IN_PROGRESS is a status change with no normalized name")
            #expect(answered.events.count == 1 && change.type == .conversationStatusChanged && change.isDerived)
            #expect(change.conversation.platformStatus == "IN_PROGRESS" && change.conversation.status == .open)
            #expect(change.metadata[Event.previousPlatformStatusKey] == "NEW")
            cursor = answered.cursor
            await setup.hilos.agentCloses(new)
            await setup.hilos.withState { $0.conversations[new]?.assigned = [124] }
            setup.clock.advance(by: 5)
            let changes = try await poller.poll(from: cursor).events
            #expect(Set(changes.map(\.type)) == [.conversationClosed, .conversationAssigned], "\(changes.map(\.type))")
            #expect(changes.allSatisfy { $0.isDerived })
            #expect(changes.first { $0.type == .conversationAssigned }?.conversation.assignee == "luis@acme.example")
        }
    }

    /// The cost of a poll is bounded whatever the account's size: the first page and four
    /// more of the round; the first poll reads everything once.
    @Test(arguments: [1_000, 10_000])
    func aPollCostsAtMostFiveRequests(_ size: Int) async throws {
        try await Self.withFake { setup in
            await setup.hilos.withState { state in
                for index in 0..<size {
                    let contact = state.addContact(phone: "+52155\(String(format: "%08d", index))", first: "Cliente \(index)")
                    state.addConversation(contact: contact, status: "IN_PROGRESS", firstMessage: "hola", inbound: true, source: "INBOX",
                                          at: Date(timeIntervalSince1970: 1_700_000_000))
                }
            }
            let poller = setup.poller()
            var cursor = try poller.initialCursor(startedAt: setup.clock.now())
            var moreToRead: [Bool] = []
            func cost() async throws -> Int {
                let before = await setup.client.requestCount
                let polled = try await poller.poll(from: cursor)
                cursor = polled.cursor
                moreToRead.append(polled.moreToRead)
                return await setup.client.requestCount - before
            }
            let pages = (size + 5 + 99) / 100
            #expect(try await cost() == pages, "the first poll reads all \(pages) pages once")
            #expect(try await cost() == 5)
            // Partway round the list the poller says so, and the worker does not back off.
            #expect(moreToRead == [false, true])
            // The snapshots the poller compares are in its cursor, which the worker keeps in the state store.
            print("Hilos poller cursor, \(size) conversations: \(cursor.count / 1024) KiB")
            #expect(cursor.count < size * 120, "about 100 bytes a conversation")
            // A change anywhere is seen within one round of the sweep (ceil(pages / 4) polls).
            guard size <= 1_000 else { return }
            let target = try #require(await setup.hilos.withState { $0.conversations.keys.sorted().last })
            await setup.hilos.agentCloses(target)
            var rounds = 0
            var seen = false
            while !seen, rounds <= pages / 4 + 1 {
                let polled = try await poller.poll(from: cursor)
                cursor = polled.cursor
                seen = polled.events.contains { $0.type == .conversationClosed && $0.conversation.id == "hilos:" + target }
                rounds += 1
            }
            #expect(seen, "found within \(rounds) polls")
            print("Hilos polling cost, \(size) conversations: first poll \(pages) requests, then 5 a poll; a change at the end seen within \(rounds) polls")
        }
    }

    @Test func actionsAreCheckedAndWhatHilosLocksFailsWithItsReason() async throws {
        try await Self.withFake { setup in
            _ = try await setup.poller().poll(from: try setup.poller().initialCursor(startedAt: setup.clock.now()))
            let open = try #require(await setup.hilos.withState { $0.conversations.values.first { $0.status == "NEW" }?.id })
            let closed = try #require(await setup.hilos.withState { $0.conversations.values.first { $0.status == "CLOSED" }?.id })
            let snapshot = try #require(try await setup.platform.conversation(id: "hilos:" + open))
            #expect(await setup.platform.perform(.assign(user: "ANA@acme.example"), on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.assignees(of: open) == [123])
            #expect(await setup.platform.perform(.unassign, on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.assignees(of: open).isEmpty)
            guard case .failed(let nobody) = await setup.platform.perform(.assign(user: "nobody@acme.example"), on: snapshot) else {
                Issue.record("an email of no member must fail")
                return
            }
            #expect(nobody.contains("no member of the Hilos account has the email nobody@acme.example"))
            // Teams, by name in any case or by id, found among the members' teams.
            func team() async -> Int? { await setup.hilos.withState { $0.conversations[open]?.team } }
            #expect(await setup.platform.perform(.assignTeam("ventas"), on: snapshot) == .done(detail: nil))
            #expect(await team() == 4)
            #expect(await setup.platform.perform(.assignTeam("5"), on: snapshot) == .done(detail: nil))
            #expect(await team() == 5)
            #expect(await setup.platform.perform(.assignTeam(nil), on: snapshot) == .done(detail: nil))
            #expect(await team() == nil)
            guard case .failed(let noTeam) = await setup.platform.perform(.assignTeam("Marketing"), on: snapshot) else {
                Issue.record("a team the account lacks must fail")
                return
            }
            #expect(noTeam.contains("no team of the Hilos account is named Marketing (teams: Soporte, Ventas)"), "\(noTeam)")
            #expect(await setup.platform.perform(.addTags(["pedidos"]), on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.tags(of: open) == ["vip", "pedidos"])
            #expect(await setup.platform.perform(.removeTags(["VIP"]), on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.tags(of: open) == ["pedidos"])
            let closedSnapshot = try #require(try await setup.platform.conversation(id: "hilos:" + closed))
            guard case .failed(let locked) = await setup.platform.perform(.addTags(["x"]), on: closedSnapshot) else {
                Issue.record("tags on a CLOSED conversation must fail, not be retried")
                return
            }
            #expect(locked.contains("Hilos locks a conversation's tags once it is CLOSED"))
            #expect(await setup.platform.perform(.close, on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.status(of: open) == "CLOSED")
            #expect(await setup.platform.perform(.reopen, on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.status(of: open) == "IN_PROGRESS")
            guard case .failed = await setup.platform.perform(.sendText("hola"), on: snapshot) else {
                Issue.record("free text must fail on Hilos")
                return
            }
        }
    }

    /// Templates by name and language, variables in Hilos's order; refusals clear; and an unknown
    /// send is never sent again, since Hilos lists no messages to settle it by.
    /// `set_contact_property` merges into the contact's `meta`, keys as written, and is checked in the answer.
    @Test func contactPropertiesMergeIntoTheContactsMeta() async throws {
        try await Self.withFake { setup in
            _ = try await setup.poller().poll(from: try setup.poller().initialCursor(startedAt: setup.clock.now()))
            let open = try #require(await setup.hilos.withState { $0.conversations.values.first { $0.status == "NEW" }?.id })
            let snapshot = try #require(try await setup.platform.conversation(id: "hilos:" + open))
            let contact = try #require(snapshot.contact.id)
            #expect(await setup.platform.perform(.setContactProperties(["CSAT": "4"]), on: snapshot) == .done(detail: nil))
            #expect(await setup.platform.perform(.setContactProperties(["language": "es"]), on: snapshot) == .done(detail: nil))
            #expect(await setup.hilos.withState { $0.contactMeta[contact] } == ["CSAT": "4", "language": "es"])
            #expect(try await setup.client.contact(id: contact).meta == ["CSAT": "4", "language": "es"])
        }
    }

    @Test func templatesAreSentAndAnUnknownSendWaitsForAnOperator() async throws {
        try await Self.withFake { setup in
            _ = try await setup.poller().poll(from: try setup.poller().initialCursor(startedAt: setup.clock.now()))
            let open = try #require(await setup.hilos.withState { $0.conversations.values.first { $0.status == "NEW" }?.id })
            let snapshot = try #require(try await setup.platform.conversation(id: "hilos:" + open))
            let order = RenderedTemplate(name: "pedido_listo", language: "es", body: ["María", "#4471"])
            guard case .done(let id?) = await setup.platform.perform(.sendTemplate(order), on: snapshot) else {
                Issue.record("the template was not sent")
                return
            }
            #expect(!id.isEmpty)
            #expect(await setup.hilos.sentTexts(in: open) == ["[pedido_listo] María | #4471"])
            guard case .failed(let count) = await setup.platform.perform(.sendTemplate(RenderedTemplate(name: "pedido_listo", language: "es", body: ["María"])), on: snapshot),
                  case .failed(let unapproved) = await setup.platform.perform(.sendTemplate(RenderedTemplate(name: "promocion", language: "es")), on: snapshot),
                  case .failed(let deleted) = await setup.platform.perform(.sendTemplate(RenderedTemplate(name: "aviso_anterior", language: "es", body: ["x"])), on: snapshot)
            else {
                Issue.record("a wrong variable count, an unapproved and a deleted template must fail")
                return
            }
            #expect(count.contains("Expected 2 variables, got 1"), "\(count)")
            #expect(unapproved.contains("Hilos has no approved template named promocion"), "\(unapproved)")
            // Listed as approved, but flagged deleted: left out before a send is tried.
            #expect(deleted.contains("Hilos has no approved template named aviso_anterior"), "\(deleted)")
            #expect(HilosPlatform.variables(of: RenderedTemplate(name: "t", language: "es", header: .image(url: "https://x/y.png"), body: ["a", "b"],
                                                                 buttons: [RenderedButton(index: 1, kind: .url, value: "z"), RenderedButton(index: 0, kind: .quickReply, value: "y")]))
                == ["https://x/y.png", "a", "b", "y", "z"], "header, body, then buttons in their order")
            let settlement = try await setup.platform.settle(.sendTemplate(order), on: snapshot, attemptedAt: setup.clock.now())
            guard case .cannotTell(let reason) = settlement else {
                Issue.record("Hilos cannot settle a send: \(settlement)")
                return
            }
            #expect(reason.contains("lists no messages"))
        }
    }

    /// A Hilos flow pushes a customer's message: admitted by the key in the URL or a header, put
    /// in the contact's open conversation, one event however often the step repeats.
    /// run_flow: the flow started for the contact's phone with its variables as written, the
    /// conversation inside it; a flow the account lacks fails with the reason, not retried;
    /// a run whose answer was lost waits for an operator.
    @Test func flowsRunForTheContactAndAMissingFlowFailsWithItsReason() async throws {
        try await Self.withFake { setup in
            _ = try await setup.poller().poll(from: try setup.poller().initialCursor(startedAt: setup.clock.now()))
            let open = try #require(await setup.hilos.withState { $0.conversations.values.first { $0.status == "NEW" } })
            let phone = try #require(await setup.hilos.withState { $0.contacts[open.contact]?.phone })
            let snapshot = try #require(try await setup.platform.conversation(id: "hilos:" + open.id))
            let run = RenderedFlowRun(flow: "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", variables: ["pedidoID": "#4471", "Cliente": "María"], priority: true)
            guard case .done(let execution?) = await setup.platform.perform(.runFlow(run), on: snapshot) else {
                Issue.record("the flow did not start")
                return
            }
            let runs = await setup.hilos.withState { $0.flowRuns }
            #expect(runs.count == 1 && runs.first?.execution == execution && runs.first?.phones == [phone])
            #expect(runs.first?.variables == ["pedidoID": "#4471", "Cliente": "María"] && runs.first?.priority == true, "variables as written, case kept")
            #expect(await setup.hilos.status(of: open.id) == "FLOW")
            guard case .failed(let missing) = await setup.platform.perform(.runFlow(RenderedFlowRun(flow: "0badf10e-0000-4000-8000-000000000000")), on: snapshot) else {
                Issue.record("a flow the account lacks must fail")
                return
            }
            #expect(missing.contains("Hilos has no flow 0badf10e-0000-4000-8000-000000000000"), "\(missing)")
            #expect(await setup.hilos.withState { $0.flowRuns.count } == 1)
            // A run Hilos applied but whose answer was lost is never started again on a guess.
            await setup.hilos.inject(FakeFault(kind: .applyThenDrop, path: "/api/flow/", method: "POST"))
            let lost = await setup.platform.perform(.runFlow(run), on: snapshot)
            if case .done = lost { Issue.record("a lost answer is not done: \(lost)") }
            #expect(await setup.hilos.withState { $0.flowRuns.count } == 2, "applied once, not again")
            guard case .cannotTell(let reason) = try await setup.platform.settle(.runFlow(run), on: snapshot, attemptedAt: setup.clock.now()) else {
                Issue.record("a lost run's answer is not guessed")
                return
            }
            #expect(reason.contains("whether the flow 7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d started"))
        }
    }

    @Test func aMessageAFlowPushesIsAnEventInTheContactsConversation() async throws {
        try await Self.withFake { setup in
            let handler = HilosFlowHandler(key: "flow-key", client: setup.client, memory: setup.memory, clock: setup.clock)
            let open = try #require(await setup.hilos.withState { state in state.conversations.values.first { $0.status == "NEW" } })
            let phone = try #require(await setup.hilos.withState { $0.contacts[open.contact]?.phone })
            let body = Data(#"{"phone":"\#(phone)","name":"María","text":"¿Ya salió mi pedido?"}"#.utf8)
            #expect(handler.authenticate(WebhookRequest(body: body, headers: [:], query: ["key": "flow-key"])) == .accepted)
            #expect(handler.authenticate(WebhookRequest(body: body, headers: ["x-inboxbot-key": "flow-key"], query: [:])) == .accepted)
            #expect(handler.authenticate(WebhookRequest(body: body, headers: [:], query: [:])) != .accepted)
            #expect(handler.authenticate(WebhookRequest(body: body, headers: [:], query: ["key": "wrong"])) != .accepted)
            let delivery = try handler.delivery(from: body)
            #expect(try handler.delivery(from: body).key == delivery.key, "a repeated step is one event")
            let event = try #require(try await delivery.event())
            #expect(event.type == .messageReceived && event.message?.body == "¿Ya salió mi pedido?")
            #expect(event.conversation.id == "hilos:" + open.id && event.conversation.contact.phone == phone)
            #expect(throws: (any Error).self) { try handler.delivery(from: Data(#"{"phone":"5511","text":"x"}"#.utf8)) }
            let stranger = try handler.delivery(from: Data(#"{"phone":"+5215599990000","text":"hola"}"#.utf8))
            do {
                _ = try await stranger.event()
                Issue.record("a phone no contact has must be missing")
            } catch {
                #expect(handler.isMissing(error))
            }
        }
    }

    /// The fake's flow pushes what docs/platforms/hilos.md's flow would, with and without ids,
    /// and a pushed first message is the poller's event too: the inbox takes it once. A new
    /// conversation's events name its contact, read once.
    @Test func aPushedFirstMessageIsThePollersEventAndNewConversationsNameTheirContact() async throws {
        try await Self.withFake { setup in
            let handler = HilosFlowHandler(key: "flow-key", client: setup.client, memory: setup.memory, clock: setup.clock)
            let poller = setup.poller()
            var cursor = try await poller.poll(from: try poller.initialCursor(startedAt: setup.clock.now())).cursor
            await setup.hilos.startWebhooks()
            setup.clock.advance(by: 60)
            let started = await setup.hilos.newConversation(phone: "+5215512340000", name: "Valeria", text: "Hola, ¿dónde está mi pedido?")
            setup.clock.advance(by: 30)
            _ = await setup.hilos.customerWrites("Es el 5521", in: started)
            let pushes = await setup.hilos.takeWebhooks()
            #expect(pushes.count == 2)
            let first = try #require(try await handler.delivery(from: pushes[0]).event())
            let second = try #require(try await handler.delivery(from: pushes[1]).event())
            #expect(!String(decoding: pushes[0], as: UTF8.self).contains("message_id"), "the first push has no ids, as a flow may not")
            #expect(String(decoding: pushes[1], as: UTF8.self).contains("message_id"))

            let requests = await setup.client.requestCount
            let polled = try await poller.poll(from: cursor)
            cursor = polled.cursor
            let created = try #require(polled.events.first { $0.type == .conversationCreated })
            let firstMessage = try #require(polled.events.first { $0.type == .messageReceived })
            #expect(first.id == firstMessage.id, "the pushed first message and the polled one are one event")
            #expect(second.id != first.id && second.message?.body == "Es el 5521")
            #expect(created.conversation.contact.name == "Valeria" && created.conversation.contact.phone == "+5215512340000")
            #expect(await setup.client.requestCount - requests == 1, "the contact was read once, by the flow handler; the poller reused it")

            // The same words again later are a new message, not a repeat of the first.
            setup.clock.advance(by: 3600)
            let again = try #require(try await handler.delivery(from: Data(#"{"phone":"+5215512340000","text":"Hola, ¿dónde está mi pedido?"}"#.utf8)).event())
            #expect(again.id != first.id)
        }
    }
}
