import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import NIOHTTP1
import Testing
@testable import InboxBotFakeTextUs

/// The fake TextUs over HTTP, as hard as the platform notes say TextUs is.
@Suite struct FakeTextUsTests {
    final class Clock: @unchecked Sendable {
        // Only set between requests in one test's task.
        var now = Date(timeIntervalSince1970: 1_773_775_800)
    }

    struct Answer {
        let status: Int
        let headers: [String: String]
        let json: Any?
    }

    // Timeouts are generous: these tests check what the fake answers, not how fast, and a
    // loaded two-core machine running the whole suite can keep a request waiting seconds.
    static func request(_ port: Int, _ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = "fake-textus-token",
                        contentType: String = "application/vnd.textus+jsonld") async throws -> Answer {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Accept", value: "application/vnd.textus+jsonld")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(.init(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = Data(buffer: try await response.body.collect(upTo: 1 << 22))
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers, json: data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }

    static func with(_ options: FakeTextUs.Options = .init(), _ body: @Sendable (FakeTextUs, Int) async throws -> Void) async throws {
        let textus = FakeTextUs(options: options)
        try await FakeTextUsServer(textus: textus).serving { port in try await body(textus, port) }
    }

    @Test func aRequestNeedsTheTokenAndJSONLDAndCountsAgainstTheRateLimit() async throws {
        try await Self.with(.init(rateLimit: 3)) { _, port in
            #expect(try await Self.request(port, .GET, "/conversations/Pq7Lm2", token: nil).status == 401)
            #expect(try await Self.request(port, .GET, "/conversations/Pq7Lm2", token: "wrong").status == 401)
            let first = try await Self.request(port, .GET, "/conversations/Pq7Lm2")
            #expect(first.status == 200)
            #expect(first.headers["x-ratelimit-limit"] == "3")
            #expect(first.headers["x-ratelimit-remaining"] == "2")
            #expect(first.headers["x-ratelimit-reset"].flatMap(Double.init).map { $0 > Date().timeIntervalSince1970 } == true)
            #expect(try await Self.request(port, .POST, "/acme_support/messages", body: "to=+1", contentType: "text/plain").status == 415)
            _ = try await Self.request(port, .GET, "/conversations/Pq7Lm2")
            let over = try await Self.request(port, .GET, "/conversations/Pq7Lm2")
            #expect(over.status == 429)
            #expect(over.headers["retry-after"].flatMap(Int.init).map { (1...300).contains($0) } == true)
            #expect(over.headers["x-ratelimit-remaining"] == "0")
            #expect((over.json as? [String: Any])?["@type"] as? String == "hydra:Error")
        }
    }

    @Test func collectionsArePagedByOpaqueLinksGivenAsPathsOrURLs() async throws {
        try await Self.with(.init(pageSize: 1)) { _, port in
            var next: String? = "/acme_support/conversation_filters/all/conversations"
            var ids: [String] = []
            var forms: Set<Bool> = []
            while let link = next {
                let page = try await Self.request(port, .GET, link)
                #expect(page.status == 200)
                let object = try #require(page.json as? [String: Any])
                ids += (object["members"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                next = (object["view"] as? [String: Any])?["next"] as? String
                if let next { forms.insert(next.hasPrefix("http")) }
            }
            #expect(ids.count == 4 && Set(ids).count == 4, "\(ids)")
            #expect(forms == [true, false], "both forms of link appear")
            #expect(try await Self.request(port, .GET, "/acme_support/conversation_filters/all/conversations?page=bm9wZQ==").status == 422)
        }
    }

    @Test func timesArePrintedWithAPrecisionThatVariesFromOneAnswerToTheNext() async throws {
        try await Self.with { _, port in
            var printed: [String] = []
            for _ in 0..<3 {
                let conversation = try #require(try await Self.request(port, .GET, "/conversations/Pq7Lm2").json as? [String: Any])
                printed.append(try #require((conversation["latestPreviewableItem"] as? [String: Any])?["timelinePosition"] as? String))
            }
            let fractions = Set(printed.map { $0.split(separator: ".").dropFirst().first.map { $0.dropLast().count } ?? 0 })
            #expect(fractions == [0, 3, 6], "whole seconds, milliseconds and microseconds: \(printed)")
            let seconds = Set(printed.compactMap(Timestamp.parse).map { $0.timeIntervalSince1970.rounded(.down) })
            #expect(seconds.count == 1, "the same time each way")
        }
    }

    @Test func theTimelinePagesExampleIsServedMemberForMember() async throws {
        try await Self.with { _, port in
            let page = try #require(try await Self.request(port, .GET, "/conversations/Pvwqm5G/timeline").json as? [String: Any])
            #expect(page["@type"] as? String == "Timeline")
            let members = try #require(page["members"] as? [[String: Any]])
            #expect(members.compactMap { $0["id"] as? String } == ["/conversation_events/Pvwqm5G", "/messages/QNDkpL", "/messages/06oyogE"])
            #expect(page["latestPosition"] as? String == "2018-10-30T21:01:43.498Z")
            #expect(members.last?["body"] as? String == "He once made a weeping willow laugh")
        }
    }

    @Test func aTextMovesFromQueuedToDeliveredAndIsDeliveredByWebhookOnce() async throws {
        let clock = Clock()
        try await Self.with(.init(now: { clock.now }, deliveryStepSeconds: 10)) { textus, port in
            await textus.startWebhooks()
            let sent = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":"+13035550142","body":"on its way"}"#)
            #expect(sent.status == 201)
            let message = try #require(sent.json as? [String: Any])
            #expect(message["deliveryState"] as? String == "queued")
            #expect(message["conversation"] as? String == "/conversations/Pq7Lm2")
            let id = try #require(message["id"] as? String)
            func state() async throws -> String? {
                let page = try #require(try await Self.request(port, .GET, "/conversations/Pq7Lm2/timeline").json as? [String: Any])
                return (page["members"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["deliveryState"] as? String
            }
            clock.now += 10
            #expect(try await state() == "dispatched")
            #expect(await textus.takeWebhooks().isEmpty)
            clock.now += 10
            #expect(try await state() == "delivered")
            let deliveries = await textus.takeWebhooks().compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            #expect(deliveries.map { $0["action"] as? String } == ["message.delivered"])
            #expect(await textus.takeWebhooks().isEmpty, "once")

            let status1 = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":["+13035550142","+13035550177"],"body":"to both"}"#).status
            #expect(status1 == 202)
            let bad = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":"555-CALL-NOW","body":"x"}"#)
            #expect(bad.status == 422)
            #expect((bad.json as? [String: Any])?["code"] as? String == "invalid_number")
        }
    }

    @Test func aClosedConversationReopensWhenTheCustomerTextsAndAssignmentsAnswer200() async throws {
        try await Self.with { textus, port in
            #expect(try await Self.request(port, .PUT, "/conversations/kY1QwY/close").status == 200)
            #expect(await textus.isOpen("/conversations/kY1QwY") == false)
            await textus.customerMessage("are you there?", in: "/conversations/kY1QwY")
            #expect(await textus.isOpen("/conversations/kY1QwY") == true)

            let assigned = try await Self.request(port, .POST, "/conversations/kY1QwY/assignments", body: #"{"assignee":"/users/u77"}"#)
            #expect(assigned.status == 200, "documented as 200, not 201")
            #expect((assigned.json as? [String: Any])?["@type"] as? String == "ConversationAssignment")
            #expect(await textus.assignee(of: "/conversations/kY1QwY") == "luis@acme.com")
            let status2 = try await Self.request(port, .POST, "/conversations/kY1QwY/assignments", body: #"{"assignee":"/users/nobody"}"#).status
            #expect(status2 == 422)
            #expect(try await Self.request(port, .GET, "/other_account/users").status == 403)
            #expect(try await Self.request(port, .GET, "/conversations/nope").status == 404)
        }
    }

    @Test func aCustomerWhoTextsSTOPIsUnsubscribedAndTextsToThemFail() async throws {
        try await Self.with { textus, port in
            await textus.startWebhooks()
            await textus.customerMessage(" stop ", in: "/conversations/Pq7Lm2")
            let refused = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":"+13035550142","body":"one more offer"}"#)
            #expect(refused.status == 422)
            #expect((refused.json as? [String: Any])?["code"] as? String == "unsubscribed")
            let actions = await textus.takeWebhooks().compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }.map { $0["action"] as? String }
            #expect(actions == ["message.received", "contact.opted_out"])
        }
    }

    @Test func injectedFaultsAndTheWriteLogAreThereForTests() async throws {
        try await Self.with { textus, port in
            await textus.inject(FakeFault(kind: .status, path: "/messages", method: "POST", status: 503))
            let status3 = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":"+13035550142","body":"x"}"#).status
            #expect(status3 == 503)
            let status4 = try await Self.request(port, .POST, "/acme_support/messages", body: #"{"to":"+13035550142","body":"y"}"#).status
            #expect(status4 == 201)
            #expect(await textus.writes.map(\.applied) == [false, true])
            #expect(await textus.sentTexts(in: "/conversations/Pq7Lm2") == ["y"])
        }
    }
}
