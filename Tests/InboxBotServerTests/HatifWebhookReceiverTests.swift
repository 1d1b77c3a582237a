import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif
@testable import InboxBotServer

@Suite(.serialized) struct HatifWebhookReceiverTests {
    func john(_ harness: WebhookHarness) async throws -> HatifConversation {
        try #require(try await harness.client.conversations(channelID: FakeHatifSeed.mainChannel).items.first { $0.contactName == "John Doe" })
    }

    @Test func aGoodDeliveryIsEnrichedAndQueued() async throws {
        try await WebhookHarness.run { harness in
            let john = try await john(harness)
            let eventID = try #require(await harness.hatif.customerMessage("Are you there?", in: john.id, at: Date(timeIntervalSince1970: 1_773_736_200)))
            let status = try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: eventID, body: "Are you there?"))
            #expect(status == 202)
            let events = await harness.queue.drain()
            let event = try #require(events.first)
            #expect(events.count == 1)
            #expect(event.id == eventID, "the same id the poller gives the timeline entry")
            #expect(event.type == .messageReceived)
            #expect(event.message?.body == "Are you there?")
            // Filled in from the API: webhooks carry none of these.
            #expect(event.conversation.tags == ["vip"])
            #expect(event.conversation.contact.phone == "+966500111222")
            #expect(event.conversation.unread == 2)
            #expect(event.conversation.channel.name == "Main Line")
        }
    }

    @Test func aConversationReadIsReusedAndTheMessagesMeanwhileAreCounted() async throws {
        try await WebhookHarness.run(cacheSeconds: 60) { harness in
            let john = try await john(harness)
            func reads() async -> Int { await harness.hatif.requests.count { $0.hasSuffix("/service-account/\(john.id)") } }
            func deliver(_ eventID: String?, direction: String = "Inbound", status: String = "Delivered") async throws -> Event {
                _ = await harness.queue.drain()
                #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: eventID, direction: direction, status: status)) == 202)
                return try #require(await harness.queue.drain().last)
            }
            let first = try #require(await harness.hatif.customerMessage("one", in: john.id))
            #expect(try await deliver(first).conversation.unread == 2)
            let second = try #require(await harness.hatif.customerMessage("two", in: john.id))
            #expect(try await deliver(second).conversation.unread == 3, "counted into the cached tally")
            let reply = try #require(await harness.hatif.agentReply("hi", in: john.id, by: nil))
            #expect(try await deliver(reply, direction: "Outbound", status: "Pending").conversation.unread == 0)
            #expect(try await deliver(reply, direction: "Outbound", status: "Read").conversation.unread == 0, "a status change is not a new message")
            let third = try #require(await harness.hatif.customerMessage("three", in: john.id))
            #expect(try await deliver(third).conversation.unread == 1)
            #expect(await reads() == 1, "one read of the conversation for five deliveries")

            // The bot changed the conversation: the next delivery reads it again, and agrees with the timeline.
            await harness.enricher.forget(conversationID: john.id)
            let fourth = try #require(await harness.hatif.customerMessage("four", in: john.id))
            #expect(try await deliver(fourth).conversation.unread == 2)
            #expect(await reads() == 2)
        }
    }

    @Test func withoutACacheEveryDeliveryReadsTheConversation() async throws {
        try await WebhookHarness.run(cacheSeconds: 0) { harness in
            let john = try await john(harness)
            for body in ["one", "two"] {
                let id = try #require(await harness.hatif.customerMessage(body, in: john.id))
                #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: id)) == 202)
            }
            #expect(await harness.hatif.requests.count { $0.hasSuffix("/service-account/\(john.id)") } == 2)
            #expect(await harness.queue.events.map(\.conversation.unread) == [2, 3])
        }
    }

    @Test func aMissReadsTheConversationAndItsTimelineAtOnce() async throws {
        // Each read is answered after a quarter of a second, so reads made one after the other never overlap.
        try await WebhookHarness.run(cacheSeconds: 0, requestLatency: 0.25...0.25) { harness in
            let john = try await john(harness)
            for (index, body) in ["one", "two"].enumerated() {
                // The first delivery also reads the directory (users, tags, channels).
                if index == 1 { await harness.hatif.withState { $0.mostRequestsInFlight = 0 } }
                let id = try #require(await harness.hatif.customerMessage(body, in: john.id))
                #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: id)) == 202)
            }
            #expect(await harness.hatif.mostRequestsInFlight == 2, "the conversation and its timeline read together")
            #expect(await harness.queue.events.map(\.conversation.unread) == [2, 3])
        }
    }

    @Test func signaturesAndKeysAreChecked() async throws {
        try await WebhookHarness.run(signingSecret: "channel-secret", urlKey: nil) { harness in
            let john = try await john(harness)
            let body = WebhookHarness.message(conversationID: john.id, eventID: "evt-signed")
            #expect(try await harness.deliver(body, key: nil, signature: WebhookHarness.sign(body, secret: "channel-secret")) == 202)
            let forged = WebhookHarness.message(conversationID: john.id, eventID: "evt-forged")
            #expect(try await harness.deliver(forged, key: nil, signature: WebhookHarness.sign(forged, secret: "guess")) == 401)
            #expect(try await harness.deliver(forged, key: nil, signature: nil) == 401)
            // A signature for another body does not carry over.
            #expect(try await harness.deliver(forged, key: nil, signature: WebhookHarness.sign(body, secret: "channel-secret")) == 401)
            #expect(await harness.queue.events.map(\.id) == ["evt-signed"])
        }
        try await WebhookHarness.run(urlKey: "url-key") { harness in
            let john = try await john(harness)
            #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-a"), key: "wrong") == 401)
            #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-a"), key: nil) == 401)
            #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-a"), key: "url-key") == 202)
        }
    }

    @Test func malformedBodiesGetA400AndTheServerCarriesOn() async throws {
        try await WebhookHarness.run { harness in
            #expect(try await harness.deliver("not json") == 400)
            #expect(try await harness.deliver("[1, 2, 3]") == 400)
            #expect(try await harness.deliver(#"{"direction":"Inbound"}"#) == 400)
            #expect(try await harness.deliver(#"{"conversationId":"c","direction":"Sideways"}"#) == 400)
            #expect(try await harness.deliver(#"{"callerNumber":"+966","status":"busy"}"#) == 400)
            #expect(try await harness.deliver(String(repeating: "{", count: 100_000)) == 400)
            let john = try await john(harness)
            #expect(try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-after")) == 202)
            #expect(await harness.queue.events.count == 1)
        }
    }

    @Test func repeatedDeliveriesAreQueuedOnce() async throws {
        try await WebhookHarness.run { harness in
            let john = try await john(harness)
            let body = WebhookHarness.message(conversationID: john.id, eventID: "evt-repeat")
            #expect(try await harness.deliver(body) == 202)
            #expect(try await harness.deliver(body) == 200)
            // Copies arriving at the same moment are still taken once.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-burst")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 202 }.count == 1)
            #expect(await harness.queue.events.map(\.id) == ["evt-repeat", "evt-burst"])
        }
    }

    @Test func anOutboundMessagesLifecycleGivesOneSentAndItsStatuses() async throws {
        try await WebhookHarness.run { harness in
            let john = try await john(harness)
            for status in ["Pending", "Sent", "Delivered", "Read", "Read"] {
                _ = try await harness.deliver(WebhookHarness.message(conversationID: john.id, eventID: "evt-out", direction: "Outbound", status: status, body: "Hello"))
            }
            let events = await harness.queue.events
            #expect(events.map(\.id) == ["evt-out", "evt-out:sent", "evt-out:delivered", "evt-out:read"])
            #expect(events.map(\.type) == [.messageSent, .messageStatus, .messageStatus, .messageStatus])
        }
    }

    @Test func callsAreMatchedToTheContactsConversation() async throws {
        try await WebhookHarness.run { harness in
            let layla = try #require(try await harness.client.conversations(channelID: FakeHatifSeed.supportChannel).items.first)
            let contactID = try #require(layla.contactID)
            let missed = """
                {"workspaceId":"workspace-1","channelId":"\(FakeHatifSeed.supportChannel)","status":2,"type":1,"callerNumber":"+971501234567",
                 "calleeNumber":"+966500000002","pickupTime":null,"hangupTime":null,"userId":null,"userName":null,"contactId":"\(contactID)",
                 "contactNumber":"+971501234567","callLength":"00:00:00","callId":"call-1","creationTime":"2026-03-17T09:00:00Z"}
                """
            #expect(try await harness.deliver(missed) == 202)
            let ringing = missed.replacingOccurrences(of: #""status":2"#, with: #""status":8"#).replacingOccurrences(of: "call-1", with: "call-2")
            #expect(try await harness.deliver(ringing) == 200)
            let events = await harness.queue.events
            #expect(events.count == 1)
            #expect(events.first?.type == .callMissed)
            #expect(events.first?.conversation.id == layla.id)
            #expect(events.first?.conversation.contact.name == "Layla Hassan")
        }
    }

    @Test func anAPIOutageAnswers503SoHatifRetries() async throws {
        let log = CapturedLog()
        try await WebhookHarness.run(logger: log.logger) { harness in
            let john = try await john(harness)
            // The API is down: every read of the conversation and its timeline fails, however often the client tries.
            await harness.hatif.inject(FakeFault(kind: .status, path: "/v2/conversations/service-account/\(john.id)", status: 503, remaining: 1_000))
            let body = WebhookHarness.message(conversationID: john.id, eventID: "evt-retry")
            #expect(try await harness.deliver(body) == 503)
            #expect(await harness.queue.events.isEmpty)
            // The same line as a refusal at the gate (HealthTests), with what failed.
            let refusals = log.messages.filter { $0.contains("could not take") }
            #expect(refusals.count == 1 && refusals[0].hasPrefix("error could not take a webhook delivery; the platform will retry error=") && refusals[0].contains(" platform=hatif"), "\(refusals)")
            // Hatif's retry succeeds once the API is back.
            await harness.hatif.clearFaults()
            #expect(try await harness.deliver(body) == 202)
            #expect(await harness.queue.events.map(\.id) == ["evt-retry"])
        }
    }
}

@Suite struct HealthTests {
    @Test func healthAndReadiness() async throws {
        try await WebhookHarness.run { harness in
            for (path, expected) in [("/healthz", 200), ("/readyz", 200)] {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(harness.webhookPort)\(path)")
                request.method = .GET
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                #expect(Int(response.status.code) == expected)
            }
        }
    }

    /// A signed delivery naming a conversation Hatif does not have: retried while it is
    /// young (Hatif may not show a new conversation yet), ignored with a log line when old,
    /// since five retries cannot help.
    @Test func aDeliveryForAnUnknownConversationIsRetriedOnlyWhileYoung() async throws {
        try await WebhookHarness.run { harness in
            let old = WebhookHarness.message(conversationID: "conv-404", eventID: "evt-404")  // 2026-03-17, long ago
            let oldStatus = try await harness.deliver(old)
            #expect(oldStatus == 200, "an old one is ignored")
            #expect(await harness.queue.drain().isEmpty)
            let young = old.replacingOccurrences(of: "2026-03-17T08:30:00Z", with: Timestamp.format(Date())).replacingOccurrences(of: "evt-404", with: "evt-405")
            let youngStatus = try await harness.deliver(young)
            #expect(youngStatus == 503, "a young delivery is retried")
        }
    }

    /// While the worker cannot keep work (its store or pipeline fails), deliveries get 503,
    /// each with a log line as one the store refuses gets, and `/readyz` says why; intake
    /// resumes on its own once the gate opens.
    @Test func theGateRefusesDeliveriesAndReadyzSaysWhy() async throws {
        let open = Toggle()
        let gate = WebhookServer.Gate(reasons: { await open.isOn ? [] : ["store: disk I/O error"] }, takesWork: { await open.isOn })
        let log = CapturedLog()
        try await WebhookHarness.run(gate: gate, logger: log.logger) { harness in
            let conversation = try await HatifWebhookReceiverTests().john(harness)
            let eventID = try #require(await harness.hatif.customerMessage("hello", in: conversation.id))
            let delivery = WebhookHarness.message(conversationID: conversation.id, eventID: eventID, body: "hello")
            let refused = try await harness.deliver(delivery)
            #expect(refused == 503)
            #expect(await harness.queue.drain().isEmpty)
            #expect(log.messages.filter { $0.contains("could not take") }
                == ["error could not take a webhook delivery; the platform will retry platform=hatif reason=not ready: store: disk I/O error"])
            let readiness = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(harness.webhookPort)/readyz"), timeout: .seconds(5))
            #expect(readiness.status.code == 503)
            #expect(String(buffer: try await readiness.body.collect(upTo: 1 << 16)) == "not ready: store: disk I/O error\n")
            await open.set(true)
            let taken = try await harness.deliver(delivery)
            #expect(taken == 202)
        }
    }
}

actor Toggle {
    private(set) var isOn = false
    func set(_ value: Bool) { isOn = value }
}
