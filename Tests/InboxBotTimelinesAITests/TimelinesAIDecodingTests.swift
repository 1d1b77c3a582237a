import Foundation
import InboxBotCore
import Testing
@testable import InboxBotTimelinesAI

/// The documentation's examples, decoded verbatim, and the shapes seen live.
@Suite struct TimelinesAIDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    @Test func theChatMessagesPagesExampleDecodesAsItIsPrinted() throws {
        let page = try JSONDecoder().decode(TimelinesAIEnvelope<TimelinesAIPage<TimelinesAIMessage>>.self, from: Self.fixture("chat-messages.json")).data
        #expect(page.hasMorePages)
        let message = try #require(page.items.first)
        #expect(message.uid == "de919486-0c93-409d-ae66-c2bbb544faca")
        #expect(message.chatID == TimelinesAIID("1000001"), "a string id, as the docs print it")
        #expect(message.time == Timestamp.parse("2023-06-18T12:19:23Z"), "15:19:23 +0300")
        #expect(message.fromMe && message.isNote, "the example is an agents' note")
        #expect(message.text == "Hello, Kate👍")
    }

    @Test func aLiveChatDecodesWithAnIntegerIDAndNullableFields() throws {
        let chat = try JSONDecoder().decode(TimelinesAIChat.self, from: Self.fixture("chat.json"))
        #expect(chat.id == TimelinesAIID("27616435"))
        #expect(chat.labels == ["vip", "billing"])
        #expect(chat.responsibleEmail == "kate@acme.example")
        #expect(chat.lastMessageAt == Timestamp.parse("2026-05-18T07:44:21Z"))
        let short = #"{"id":"1000001","name":"Dana","closed":true,"responsible":"","phone":null,"last_message_uid":null,"last_message_timestamp":null}"#
        let guide = try JSONDecoder().decode(TimelinesAIChat.self, from: Data(short.utf8))
        #expect(guide.closed && guide.responsibleEmail == nil && guide.phone == nil && guide.lastMessageAt == nil)
    }

    @Test func theWebhookIsReadByItsContentNotItsDocumentedEventType() throws {
        let payload = try TimelinesAIWebhookPayload.decode(Self.fixture("webhook-message-received.json"))
        #expect(payload.kind == .messageReceived)
        #expect(payload.deduplicationKey == "message:de919486-0c93-409d-ae66-c2bbb544faca")
        // The documentation's example says message:new and direction sent for a received message:
        // the message's direction decides.
        let mislabelled = String(decoding: try Self.fixture("webhook-message-received.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"message:received:new\"", with: "\"message:new\"")
        #expect(try TimelinesAIWebhookPayload.decode(Data(mislabelled.utf8)).kind == .messageReceived)
        let assigned = #"{"event_type":"chat:assigned","chat":{"chat_id":27616435,"responsible_email":"kate@acme.example"},"whatsapp_account":{}}"#
        let assignment = try TimelinesAIWebhookPayload.decode(Data(assigned.utf8))
        #expect(assignment.kind == .chatAssignment && assignment.deduplicationKey == "chat:assigned:27616435:kate@acme.example")
        #expect(throws: (any Error).self) { try TimelinesAIWebhookPayload.decode(Data(#"{"event_type":"message:new","chat":{}}"#.utf8)) }
    }

    @Test(arguments: [
        ("2023-06-18 15:19:23 +0300", "2023-06-18T12:19:23Z"), ("2026-05-18 10:44:21 -0500", "2026-05-18T15:44:21Z"),
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
    ])
    func timesAreReadInTheirFormat(_ text: String, _ expected: String) {
        #expect(TimelinesAITime.parse(text) == Timestamp.parse(expected))
    }

    @Test(arguments: ["2023-06-18 15:19:23", "2023-06-18 15:19:23 +03:00x", "2023-13-18 15:19:23 +0300", "", "2023-06-18 15:19:23 +9999"])
    func unreadableTimesAreNone(_ text: String) {
        #expect(TimelinesAITime.parse(text) == nil)
    }

    @Test func anErrorAnswerSaysWhatTimelinesAISaid() {
        let body = #"{"status":"error","message":"Whatsapp chat_id \"+155501000\" not found","error_code":"not_found"}"#
        #expect(throws: TimelinesAIEnvelope<TimelinesAIChat>.Refusal.self) {
            try JSONDecoder().decode(TimelinesAIEnvelope<TimelinesAIChat>.self, from: Data(body.utf8))
        }
    }
}
