import Foundation
import InboxBotCore
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif
@testable import InboxBotServer

/// No webhook body may stop the worker. Thousands of signed deliveries with hostile values
/// (huge, negative and non-finite numbers, overflowing call lengths, wrong types, broken
/// JSON) go through the real HTTP server; every one must get an answer, none a 500, and a
/// good delivery must still be taken afterwards.
@Suite struct WebhookFuzzTests {
    static let hostileValues = [
        "1e300", "-1e300", "1e308", "-1", "0", "-9223372036854775809", "9223372036854775808", "18446744073709551616",
        "0.5", "1.0e2", "-0.0", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e300\"", "\"1:1:1:1:1:1:1:1:1:1:1:1:1\"",
        "\"99999999999999999999:99:99\"", "\"-5:-5\"", "\"::\"", "\"12:\"", "\"\"", "null", "true", "[]", "{}", "[1e300]",
        "{\"number\":1e300}", "\"9999-12-31T23:59:59Z\"", "\"0000-00-00T00:00:00\"", "\"2026-03-17T08:30:00.99999999999999999999Z\"",
        "\"2026-03-17T08:30:00+99:99\"", "\"\\u0000\"", "\"" + String(repeating: "x", count: 20_000) + "\"", "\"مرحبا\"",
        "\"Inbound\"", "\"Outbound\"", "2", "8", "\"Missed\"",
    ]

    static func messageFields(conversationID: String) -> [(String, String)] {
        [("workspaceId", "\"workspace-1\""), ("channelId", "\"\(FakeHatifSeed.mainChannel)\""), ("conversationId", "\"\(conversationID)\""),
         ("contactId", "null"), ("messageId", "\"wamid.1\""), ("conversationEventId", "\"evt-fuzz\""), ("direction", "\"Inbound\""),
         ("messageType", "\"Text\""), ("body", "\"hello\""), ("mediaUrl", "null"), ("status", "\"Delivered\""), ("senderUserId", "null"),
         ("latitude", "null"), ("longitude", "null"), ("creationTime", "\"2026-03-17T08:30:00Z\""), ("isBillable", "false"),
         ("errorCode", "null"), ("errorReason", "null")]
    }

    static let callFields: [(String, String)] = [
        ("workspaceId", "\"workspace-1\""), ("channelId", "\"\(FakeHatifSeed.mainChannel)\""), ("status", "2"), ("type", "1"),
        ("callerNumber", "\"+966500111222\""), ("calleeNumber", "\"+966110000000\""), ("pickupTime", "null"), ("hangupTime", "null"),
        ("userId", "null"), ("contactId", "null"), ("contactNumber", "\"+966500111222\""), ("callLength", "\"00:01:05\""),
        ("callId", "\"call-fuzz\""), ("sentiment", "3"), ("creationTime", "\"2026-03-17T08:30:00Z\""), ("csatRating", "null"),
    ]

    static func body(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A delivery with one to three fields given hostile values, and now and then broken bytes.
    static func mutated(_ base: [(String, String)], using random: inout SeededRandom) -> String {
        var fields = base
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let index = Int.random(in: 0..<fields.count, using: &random)
            fields[index].1 = hostileValues.randomElement(using: &random) ?? "null"
        }
        var text = body(fields)
        if Int.random(in: 0..<8, using: &random) == 0 {
            var bytes = Array(text.utf8)
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes = Array(bytes[..<position])
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            default: bytes.insert(contentsOf: Array("1e999".utf8), at: position)
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    @Test func thousandsOfHostileSignedDeliveriesAreAnsweredAndNoneStopsTheServer() async throws {
        let secret = "fuzz-secret"
        try await WebhookHarness.run(signingSecret: secret, urlKey: nil, cacheSeconds: 60) { harness in
            let john = try #require(try await harness.client.conversations(channelID: FakeHatifSeed.mainChannel).items.first { $0.contactName == "John Doe" })
            var random = SeededRandom(seed: 15)
            var statuses: [Int: Int] = [:]
            for round in 0..<3_000 {
                let base = round.isMultiple(of: 2) ? Self.messageFields(conversationID: john.id) : Self.callFields
                let body = Self.mutated(base, using: &random)
                let status = try await harness.deliver(body, key: nil, signature: WebhookHarness.sign(body, secret: secret))
                statuses[status, default: 0] += 1
                #expect([200, 202, 400, 404, 422, 503].contains(status), "round \(round): \(status) for \(body.prefix(300))")
            }
            #expect(statuses[400, default: 0] > 100, "hostile bodies are refused: \(statuses)")
            let eventID = try #require(await harness.hatif.customerMessage("still here?", in: john.id))
            _ = await harness.queue.drain()
            let good = WebhookHarness.message(conversationID: john.id, eventID: eventID, body: "still here?")
            #expect(try await harness.deliver(good, key: nil, signature: WebhookHarness.sign(good, secret: secret)) == 202)
            #expect(await harness.queue.drain().map(\.id) == [eventID])
        }
    }

    @Test func hugeNumbersAndOverflowingLengthsDecodeWithoutTrapping() throws {
        for status in ["1e300", "-1e300", "9223372036854775808", "\"1e300\""] {
            var fields = Self.callFields
            fields[2].1 = status
            #expect(throws: HatifWebhookError.self) { try HatifWebhookPayload.decode(Data(Self.body(fields).utf8)) }
        }
        for length in ["1:1:1:1:1:1:1:1:1:1:1:1:1", "99999999999999999999:99:99", "-5:-5", "999999999:59:59"] {
            var fields = Self.callFields
            fields[11].1 = "\"\(length)\""
            guard case .call(let call) = try HatifWebhookPayload.decode(Data(Self.body(fields).utf8)) else {
                Issue.record("not a call")
                continue
            }
            #expect(call.durationSeconds == 0, "\(length) is not a call length")
        }
        #expect(TimeSpan(clockText: "01:02:03")?.seconds == 3723)
        #expect(TimeSpan(clockText: "02:03")?.seconds == 123)
    }
}
