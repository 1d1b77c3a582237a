import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif
@testable import InboxBotServer

/// Simulated customers on the fake Hatif, delivered by signed webhooks (some twice) to the
/// real receiver, and read by the poller too: both paths must name each message alike.
@Suite(.serialized) struct TrafficEndToEndTests {
    @Test func webhooksAndPollingAgreeOnEveryMessage() async throws {
        try await WebhookHarness.run(signingSecret: "channel-secret", urlKey: nil) { harness in
            let poller = HatifPoller(client: harness.client)
            _ = try await poller.poll()
            await harness.hatif.withState { $0.webhooksEnabled = true }
            let sender = FakeWebhookSender(
                hatif: harness.hatif,
                options: .init(url: "http://127.0.0.1:\(harness.webhookPort)/webhooks/hatif", signingSecret: "channel-secret", repeatShare: 0.5))
            let traffic = FakeTrafficGenerator(hatif: harness.hatif)
            for _ in 0..<30 { await traffic.step() }
            let delivered = await sender.flush()
            #expect(delivered == 30)

            let answers = await sender.answers
            #expect(answers.allSatisfy { $0 == 202 || $0 == 200 }, "\(answers)")
            #expect(answers.contains(200), "some deliveries came twice and were recognised")
            let fromWebhooks = await harness.queue.drain()
            #expect(fromWebhooks.count == 30, "each delivery queued once, repeats or not")
            #expect(Set(fromWebhooks.map(\.id)).count == 30)

            let fromPolling = try await poller.poll()
            let polledIDs = Set(fromPolling.filter { $0.type != .conversationCreated }.map(\.id))
            #expect(polledIDs == Set(fromWebhooks.map(\.id)), "the inbox will see one event per message, whichever path brings it first")
            let webhookTypes = Set(fromWebhooks.map(\.type))
            #expect(webhookTypes.isSubset(of: [.messageReceived, .callMissed]))
            #expect(fromWebhooks.contains { $0.type == .callMissed })
            #expect(fromWebhooks.contains { ($0.message?.body ?? "").unicodeScalars.contains { $0.value >= 0x0600 && $0.value <= 0x06FF } })
        }
    }

    @Test func aSentTemplateComesBackThroughItsLifecycle() async throws {
        try await WebhookHarness.run { harness in
            let john = try #require(try await harness.client.conversations(channelID: FakeHatifSeed.mainChannel).items.first { $0.contactName == "John Doe" })
            await harness.hatif.withState { $0.webhooksEnabled = true }
            let sender = FakeWebhookSender(hatif: harness.hatif, options: .init(url: "http://127.0.0.1:\(harness.webhookPort)/webhooks/hatif?key=url-key", repeatShare: 0))
            let result = try await harness.client.sendTemplate(
                channelID: FakeHatifSeed.mainChannel, toNumber: "+966500111222", template: RenderedTemplate(name: "hello", language: "en", body: ["John"]))
            await sender.flush()
            let events = await harness.queue.drain()
            let id = try #require(result.conversationEventID)
            #expect(events.map(\.id) == [id, "\(id):sent", "\(id):delivered", "\(id):read"])
            #expect(events.allSatisfy { $0.conversation.id == john.id })
        }
    }

    @Test func failedDeliveriesAreRetriedLikeHatif() async throws {
        try await WebhookHarness.run { harness in
            let john = try #require(try await harness.client.conversations(channelID: FakeHatifSeed.mainChannel).items.first { $0.contactName == "John Doe" })
            await harness.hatif.withState { $0.webhooksEnabled = true }
            // The receiver cannot read the conversation's timeline for a moment (both of the client's
            // tries fail), so it answers 503; Hatif tries again.
            await harness.hatif.inject(FakeFault(kind: .status, path: "/v2/conversations/service-account/\(john.id)/timeline", status: 503, remaining: 2))
            await harness.hatif.customerMessage("retry me", in: john.id)
            let sender = FakeWebhookSender(hatif: harness.hatif, options: .init(url: "http://127.0.0.1:\(harness.webhookPort)/webhooks/hatif?key=url-key", repeatShare: 0, retryUnitSeconds: 0.05))
            await sender.flush()
            #expect(await sender.answers == [503, 202])
            #expect(await harness.queue.events.compactMap { $0.message?.body } == ["retry me"])
        }
    }
}
