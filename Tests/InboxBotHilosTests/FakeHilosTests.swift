import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import Testing
@testable import InboxBotFakeHilos
@testable import InboxBotHilos

/// The fake Hilos's quirks, each met by the real client over loopback HTTP: the seed page's
/// conversation answered verbatim, page-number paging, the plain-array member list, tags locked
/// once CLOSED, template sends with their 201, 404 and 400.
@Suite struct FakeHilosTests {
    // Timeouts are generous: these tests check what the fake answers, not how fast, and a
    // loaded two-core machine running the whole suite can keep a request waiting seconds.
    static func withFake(_ body: @Sendable (FakeHilos, HilosClient, Int) async throws -> Void) async throws {
        let hilos = FakeHilos()
        try await FakeHilosServer(hilos: hilos).serving { port in
            let client = HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", key: APIToken("fake-hilos-key"), requestTimeout: 30,
                                                          retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), requestsPerMinute: 60_000, burst: 100),
                                     httpClient: HTTPClient.shared)
            try await body(hilos, client, port)
        }
    }

    @Test func theSeedPagesConversationIsAnsweredAsPrintedAndListsArePaged() async throws {
        try await Self.withFake { _, client, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/inbox/conversation?page_size=100")
            request.headers.add(name: "Authorization", value: "Token fake-hilos-key")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let listed = try JSONValue.parse(String(buffer: try await response.body.collect(upTo: 1 << 20)))
            let printed = try JSONValue.parse(String(decoding: try HilosDecodingTests.fixture("list-conversations.json"), as: UTF8.self))
            guard case .array(let results)? = listed["results"], case .array(let documented)? = printed["results"] else {
                Issue.record("no results")
                return
            }
            #expect(results.contains(documented[0]), "the documentation's conversation, field for field")
            let first = try await client.conversations(page: 1, pageSize: 2)
            #expect(first.count == 5 && first.results.count == 2 && first.next?.contains("page=2") == true)
            let last = try await client.conversations(page: 3, pageSize: 2)
            #expect(last.results.count == 1 && last.next == nil)
            #expect(try await client.members().map(\.email) == ["ana@acme.example", "luis@acme.example"], "a plain array")
            // A hostile page number is an empty page, not a crash of the fake.
            var hostile = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/inbox/conversation?page=9223372036854775807&page_size=1000")
            hostile.headers.add(name: "Authorization", value: "Token fake-hilos-key")
            let beyond = try JSONValue.parse(String(buffer: try await HTTPClient.shared.execute(hostile, timeout: .seconds(30)).body.collect(upTo: 1 << 20)))
            #expect(beyond["results"] == .array([]) && beyond["next"] == .null)
        }
    }

    /// Answers print times at every precision, in UTC and at an offset, and directions in either
    /// case; each answer decodes to the same instant and the same direction.
    @Test func timesAndDirectionsVaryFromOneAnswerToTheNextAndReadAlike() async throws {
        try await Self.withFake { hilos, _, port in
            let conversation = await hilos.withState { $0.newConversation(phone: "+5215511110042", name: "Eva", text: "Hola") }
            let contact = try #require(await hilos.withState { $0.conversations[conversation]?.contact })
            var stamps: [String] = [], directions: Set<String> = [], decoded: [HilosConversation] = []
            for _ in 0..<6 {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/inbox/conversation?contact=\(contact)")
                request.headers.add(name: "Authorization", value: "Token fake-hilos-key")
                let body = try await HTTPClient.shared.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 20)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
                let listed = try #require((page["results"] as? [[String: Any]])?.first)
                let message = try #require(listed["first_message"] as? [String: Any])
                stamps += [listed["created_on"] as? String, message["timestamp"] as? String].compactMap { $0 }
                directions.insert(message["direction"] as? String ?? "")
                decoded += try JSONDecoder().decode(HilosPage<HilosConversation>.self, from: Data(buffer: body)).results
            }
            let fractionDigits = Set(stamps.map { stamp in stamp.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0 })
            #expect(fractionDigits == [0, 3, 6], "whole seconds, milliseconds and microseconds: \(stamps)")
            #expect(Set(stamps.map { $0.hasSuffix("Z") }) == [true, false] && stamps.contains { $0.hasSuffix("-06:00") }, "UTC and an offset: \(stamps)")
            #expect(directions == ["INBOUND", "inbound"])
            let seconds = Set(decoded.compactMap(\.createdAt).map { $0.timeIntervalSince1970.rounded(.down) })
            #expect(decoded.count == 6 && seconds.count == 1, "one instant however printed: \(stamps)")
            #expect(decoded.allSatisfy { $0.firstMessage?.inbound == true })
        }
    }

    @Test func whatHilosRefusesIsClassified() async throws {
        try await Self.withFake { hilos, client, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/account-member")
            request.headers.add(name: "Authorization", value: "Token wrong")
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code == 401)
            let closed = try #require(await hilos.withState { $0.conversations.values.first { $0.status == "CLOSED" }?.id })
            await #expect(throws: HilosError.api(status: 400, code: nil, message: "tags: Tags cannot be changed on a closed conversation.")) {
                _ = try await client.update(conversation: closed, [("tags", [["name": "vip"]])])
            }
            let templates = try await client.templates(named: "bienvenida")
            #expect(templates.map(\.name) == ["bienvenida"])
            // The listing in its documented shape: a deleted template stays, flagged, and is refused on send.
            var listing = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/channels/whatsapp/template?status=approved&search=aviso")
            listing.headers.add(name: "Authorization", value: "Token fake-hilos-key")
            let listed = try JSONValue.parse(String(buffer: try await HTTPClient.shared.execute(listing, timeout: .seconds(30)).body.collect(upTo: 1 << 20)))
            guard case .array(let results)? = listed["results"], let deleted = results.first else {
                Issue.record("no listing: \(listed)")
                return
            }
            #expect(deleted["name"] == "aviso_anterior" && deleted["is_deleted"] == .bool(true) && deleted["status"] == "approved", "\(deleted)")
            #expect(deleted["channel"]?["name"] != nil && deleted["rejected_reason"] != nil, "\(deleted)")
            await #expect(throws: HilosError.notFound("Not found.")) {
                _ = try await client.sendTemplate(id: "3c90c3cc-0d44-4b50-8888-8dd25736052f", phone: "+5215511110009", variables: ["x"])
            }
            await #expect(throws: HilosError.api(status: 400, code: nil, message: "variables: Expected 1 variables, got 0.")) {
                _ = try await client.sendTemplate(id: templates[0].id, phone: "+5215511110009", variables: [])
            }
            await #expect(throws: HilosError.notFound("Not found.")) {
                _ = try await client.sendTemplate(id: "3c90c3cc-0d44-4b50-8888-8dd25736052d", phone: "+5215511110009", variables: [])
            }
            let sent = try await client.sendTemplate(id: templates[0].id, phone: "+5215511110009", variables: ["Ana"])
            let conversation = try #require(sent.conversationID)
            #expect(await hilos.sentTexts(in: conversation) == ["[bienvenida] Ana"])
            #expect(await hilos.writes.filter(\.applied).count == 1, "only the send that went out changed anything")
        }
    }
}
