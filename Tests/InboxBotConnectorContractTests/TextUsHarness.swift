import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTextUs
@testable import InboxBotFakeTextUs

/// TextUs's connector on the fake TextUs, with pages of two so that paging is exercised.
struct TextUsHarness: ConnectorHarness {
    var name: String { "textus" }

    func run(webhookSecret: String, _ body: @Sendable (any Connector, any FakePlatformControl) async throws -> Void) async throws {
        let textus = FakeTextUs(options: .init(sendLatency: ContractLatency.send, requestLatency: ContractLatency.request, pageSize: 2))
        try await FakeTextUsServer(textus: textus).serving { port in
            let client = TextUsClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(port)", token: TextUsToken("fake-textus-token"), account: "acme_support",
                                     requestTimeout: 2, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05)),
                httpClient: HTTPClient.shared)
            var settings = TextUsConnector.Settings()
            settings.webhookSecret = webhookSecret
            // Every poll sweeps the whole list: a change far down it is seen at once, not within a minute.
            settings.poller.sweepSeconds = 0
            try await body(TextUsConnector(client: client, settings: settings), TextUsControl(textus: textus))
        }
    }
}

struct TextUsControl: FakePlatformControl {
    let textus: FakeTextUs

    func someConversationID() async -> String { "/conversations/Pq7Lm2" }

    func customerWrites(_ body: String, in conversationID: String) async -> String {
        await textus.customerMessage(body, in: conversationID) ?? ""
    }

    func sentTexts(in conversationID: String) async -> [String] { await textus.sentTexts(in: conversationID) }
    func assignee(of conversationID: String) async -> String? { await textus.assignee(of: conversationID) }
    var channel: String { "sms" }

    func conversation(withPhone phone: String) async -> String? {
        await textus.withState { state in
            state.conversations.values.first { $0.phoneNumber == phone }.map { PlatformCapabilities.textus.idPrefix + $0.id }
        }
    }

    func isOpen(_ conversationID: String) async -> Bool { await textus.isOpen(conversationID) == true }
    func agentCloses(_ conversationID: String) async { await textus.agentCloses(conversationID) }
    var userEmail: String { "luis@acme.com" }

    func failNextMessageRead(status: Int, retryAfter: Int?) async {
        await textus.inject(FakeFault(kind: .status, path: "/timeline", method: "GET", status: status, retryAfter: retryAfter))
    }

    func dropNextSendAnswer() async {
        await textus.inject(FakeFault(kind: .applyThenDrop, path: "/messages", method: "POST"))
    }

    /// The delivery TextUs makes for the message, as its fake queues it.
    func delivery(forMessage id: String, body: String, in conversationID: String, secret: String) async -> WebhookRequest {
        await textus.startWebhooks()
        let data = await textus.withState { state -> Data in
            let slug = FakeTextUsState.slug(conversationID)
            let item = state.timelines[slug]?.first { $0.id == id }
            guard let conversation = state.conversations[slug], let item else { return Data() }
            return Data(state.delivery("message.received", conversation: conversation, item: item).serialized(indent: nil).utf8)
        }
        return WebhookRequest(body: data, headers: ["x-textus-signature": Self.hexHMAC(data, secret: secret)], query: [:])
    }
}
