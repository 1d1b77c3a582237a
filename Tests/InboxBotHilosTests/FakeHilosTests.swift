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
    static func withFake(_ body: @Sendable (FakeHilos, HilosClient, Int) async throws -> Void) async throws {
        let hilos = FakeHilos()
        try await FakeHilosServer(hilos: hilos).serving { port in
            let client = HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", key: APIToken("fake-hilos-key"), requestTimeout: 5,
                                                          retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), requestsPerMinute: 60_000, burst: 100),
                                     httpClient: HTTPClient.shared)
            try await body(hilos, client, port)
        }
    }

    @Test func theSeedPagesConversationIsAnsweredAsPrintedAndListsArePaged() async throws {
        try await Self.withFake { _, client, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/inbox/conversation?page_size=100")
            request.headers.add(name: "Authorization", value: "Token fake-hilos-key")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
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
        }
    }

    @Test func whatHilosRefusesIsClassified() async throws {
        try await Self.withFake { hilos, client, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/account-member")
            request.headers.add(name: "Authorization", value: "Token wrong")
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code == 401)
            let closed = try #require(await hilos.withState { $0.conversations.values.first { $0.status == "CLOSED" }?.id })
            await #expect(throws: HilosError.api(status: 400, code: nil, message: "tags: Tags cannot be changed on a closed conversation.")) {
                _ = try await client.update(conversation: closed, [("tags", [["name": "vip"]])])
            }
            let templates = try await client.templates(named: "bienvenida")
            #expect(templates.map(\.name) == ["bienvenida"])
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
