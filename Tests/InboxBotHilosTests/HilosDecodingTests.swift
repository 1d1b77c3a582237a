import Foundation
import InboxBotCore
import Testing
@testable import InboxBotHilos

/// The documentation's List Conversations example, decoded verbatim, and the shapes the
/// schema allows.
@Suite struct HilosDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    @Test func theListConversationsExampleDecodesAsItIsPrinted() throws {
        let page = try JSONDecoder().decode(HilosPage<HilosConversation>.self, from: Self.fixture("list-conversations.json"))
        #expect(page.count == 123)
        #expect(page.next == "http://api.example.org/accounts/?page=4")
        let conversation = try #require(page.results.first)
        #expect(conversation.status == "CREATED")
        #expect(conversation.contact == "3c90c3cc-0d44-4b50-8888-8dd25736052a")
        #expect(conversation.assigned.map(\.id) == [123] && conversation.assigned.first?.email == "jsmith@example.com")
        #expect(conversation.tags == ["<string>"])
        #expect(conversation.channel == 123)
        #expect(conversation.createdAt == Timestamp.parse("2023-11-07T05:31:56Z"))
        let message = try #require(conversation.firstMessage)
        // The example's direction is "<string>": its source, INBOUND, decides.
        #expect(message.inbound)
        #expect(message.sentBy == "jsmith@example.com")
        #expect(message.type == "audio")
    }

    @Test func aDirectionIsReadInAnyCaseAndAMissingFirstMessageIsNone() throws {
        let outbound = #"{"id":"c1","status":"in_progress","first_message":{"id":"m1","direction":"OUTBOUND","source":"API","body":"Hola"},"tags":[],"assigned":[]}"#
        let conversation = try JSONDecoder().decode(HilosConversation.self, from: Data(outbound.utf8))
        #expect(conversation.status == "IN_PROGRESS" && conversation.firstMessage?.inbound == false)
        let bare = try JSONDecoder().decode(HilosConversation.self, from: Data(#"{"id":"c2","status":"CLOSED","first_message":null}"#.utf8))
        #expect(bare.firstMessage == nil && bare.isClosed && bare.assigned.isEmpty)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(HilosConversation.self, from: Data(#"{"status":"NEW"}"#.utf8)) }
    }

    /// Hilos's plain JSON errors, Django REST Framework style, keep what they say.
    @Test func errorsKeepWhatHilosSaid() throws {
        #expect(HilosError.hilos(status: 404, body: Data(#"{"detail":"Not found."}"#.utf8), retryAfter: nil) == .notFound("Not found."))
        #expect(HilosError.hilos(status: 400, body: Data(#"{"variables":["Expected 2 variables, got 1"]}"#.utf8), retryAfter: nil)
            == .api(status: 400, code: nil, message: "variables: Expected 2 variables, got 1"))
        #expect(HilosError.hilos(status: 401, body: Data("Unauthorized".utf8), retryAfter: nil) == .unauthorized("Unauthorized"))
        #expect(try HilosClient.uuid("hilos:8c0e6d2e-4f1b-4a53-9a56-0b5f3f0f9a11") == "8c0e6d2e-4f1b-4a53-9a56-0b5f3f0f9a11")
        #expect(throws: HilosError.self) { try HilosClient.uuid("../account-member") }
    }
}
