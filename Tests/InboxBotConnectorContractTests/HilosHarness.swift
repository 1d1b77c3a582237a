import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotHilos
@testable import InboxBotFakeHilos

/// Hilos's connector on the fake Hilos, with pages of two so that paging is exercised. Hilos
/// shows only a conversation's first message and sends templates, not free text: the suite
/// marks what it cannot do where it comes.
struct HilosHarness: ConnectorHarness {
    var name: String { "hilos" }

    func run(webhookSecret: String, _ body: @Sendable (any Connector, any FakePlatformControl) async throws -> Void) async throws {
        let hilos = FakeHilos(options: .init(sendLatency: ContractLatency.send, requestLatency: ContractLatency.request))
        try await FakeHilosServer(hilos: hilos).serving { port in
            let client = HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", key: APIToken("fake-hilos-key"), requestTimeout: 2,
                                                          retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), requestsPerMinute: 600_000, burst: 1000),
                                     httpClient: HTTPClient.shared)
            var settings = HilosConnector.Settings()
            settings.flowKey = webhookSecret
            settings.poller.pageSize = 2
            try await body(HilosConnector(client: client, settings: settings), HilosControl(hilos: hilos))
        }
    }
}

struct HilosControl: FakePlatformControl {
    let hilos: FakeHilos

    func someConversationID() async -> String {
        await hilos.withState { state in state.conversations.values.first { $0.status == "NEW" }?.id ?? "" }
    }

    func customerWrites(_ body: String, in conversationID: String) async -> String {
        await hilos.customerWrites(body, in: conversationID) ?? ""
    }

    func customerStarts(_ body: String) async -> (conversationID: String, messageID: String)? {
        let number = Int.random(in: 10_000_000...99_999_999)
        let id = await hilos.newConversation(phone: "+52155\(number)", name: "Nueva", text: body)
        let message = await hilos.withState { $0.conversations[id]?.messages.first?.id } ?? ""
        return (id, message)
    }

    func reply(_ text: String) -> (action: RenderedAction, sent: String) {
        (.sendTemplate(RenderedTemplate(name: "bienvenida", language: "es", body: [text])), "[bienvenida] \(text)")
    }

    func sentTexts(in conversationID: String) async -> [String] { await hilos.sentTexts(in: conversationID) }

    func assignee(of conversationID: String) async -> String? {
        await hilos.withState { state in
            state.conversation(conversationID)?.assigned.first.flatMap { id in state.members.first { $0.id == id }?.email }
        }
    }

    var channel: String { "12" }
    func conversation(withPhone phone: String) async -> String? { nil }
    func isOpen(_ conversationID: String) async -> Bool { !["CLOSED", "RESOLVED"].contains(await hilos.status(of: conversationID) ?? "CLOSED") }
    func agentCloses(_ conversationID: String) async { await hilos.agentCloses(conversationID) }
    var userEmail: String { "ana@acme.example" }

    func failNextMessageRead(status: Int, retryAfter: Int?) async {
        await hilos.inject(FakeFault(kind: .status, path: "/inbox/conversation", method: "GET", status: status, retryAfter: retryAfter))
    }

    func dropNextSendAnswer() async {
        await hilos.inject(FakeFault(kind: .applyThenDrop, path: "/send", method: "POST"))
    }

    /// What a Hilos flow's HTTP step posts for the message: the worker's key in the URL.
    func delivery(forMessage id: String, body: String, in conversationID: String, secret: String) async -> WebhookRequest {
        let data = await hilos.withState { state -> Data in
            guard let conversation = state.conversation(conversationID), let phone = state.contacts[conversation.contact]?.phone else { return Data() }
            let payload: JSONValue = ["phone": .string(phone), "name": "María", "text": .string(body), "conversation": .string(conversation.id), "message_id": .string(id)]
            return Data(payload.serialized(indent: nil).utf8)
        }
        return WebhookRequest(body: data, headers: [:], query: ["key": secret])
    }
}
