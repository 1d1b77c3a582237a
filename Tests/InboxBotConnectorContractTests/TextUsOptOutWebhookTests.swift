import Foundation
import InboxBotCore
import InboxBotServer
import Testing

/// TextUs tells of an opt-out in a delivery of its own, with the number and no conversation.
/// The fake makes one when a customer texts STOP, as carriers do; the worker records it
/// against the number, so the contact's conversations show `contact.opted_out` and no rule
/// sends to it, until an opt-in takes it back. It was answered 200 and dropped before.
@Suite struct TextUsOptOutWebhookTests {
    @Test func aCustomersStopIsRecordedAgainstTheNumberAndAnOptInTakesItBack() async throws {
        try await TextUsHarness().run(webhookSecret: ConnectorContractTests.secret) { connector, fake in
            let control = try #require(fake as? TextUsControl)
            let handler = try #require(connector.webhooks)
            let queue = InMemoryEventQueue()
            let receiver = WebhookReceiver(platform: "textus", handler: handler, queue: queue)
            func post(_ body: Data) async -> WebhookReceiver.Answer {
                await receiver.receive(WebhookRequest(body: body, headers: ["x-textus-signature": TextUsControl.hexHMAC(body, secret: ConnectorContractTests.secret)], query: [:]))
            }

            await control.textus.startWebhooks()
            let snapshot = try await ConnectorContractTests.conversation(connector, fake)
            _ = await control.customerWrites("STOP", in: await control.someConversationID())
            let deliveries = await control.textus.takeWebhooks()
            let optOut = try #require(deliveries.first { String(decoding: $0, as: UTF8.self).contains("contact.opted_out") })
            let keys = ContactKey.keys(of: snapshot)

            let answer = await post(optOut)
            #expect(answer.status == 202, "\(answer)")
            let changes = await queue.contactChanges
            guard case .optOut(let optedKeys, let record)? = changes.first else {
                Issue.record("no opt-out recorded: \(changes)")
                return
            }
            #expect(optedKeys == ["phone:13035550142"])
            #expect(keys.contains(optedKeys[0]), "the conversation's contact is found by the key the opt-out is kept under: \(keys)")
            #expect(record.ruleID == nil)
            #expect(await queue.audit.map(\.message) == ["phone:13035550142 opted out on TextUs: no rule sends to it"])
            // TextUs retries: the same delivery is taken once.
            #expect(await post(optOut).status == 200)
            #expect(await queue.contactChanges.count == 1)

            var optIn = try #require(try JSONSerialization.jsonObject(with: optOut) as? [String: Any])
            var optInRecord = try #require(optIn["optOut"] as? [String: Any])
            optInRecord["type"] = "opt-in"
            optIn["optOut"] = optInRecord
            optIn["action"] = "contact.opted_in"
            optIn["id"] = "/integrations/Qx81b/deliveries/optin1"
            #expect(await post(try JSONSerialization.data(withJSONObject: optIn)).status == 202)
            #expect(await queue.contactChanges.last == .optIn(keys: ["phone:13035550142"]))

            // One without the number says nothing to record: refused, and logged.
            optInRecord.removeValue(forKey: "phoneNumber")
            optIn["optOut"] = optInRecord
            optIn["id"] = "/integrations/Qx81b/deliveries/optin2"
            let numberless = await post(try JSONSerialization.data(withJSONObject: optIn))
            #expect(numberless.status == 400)
            #expect(numberless.message.contains("without the contact's phoneNumber"), "\(numberless)")
        }
    }
}
