import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTimelinesAI
@testable import InboxBotFakeTimelinesAI

/// TimelinesAI's connector on the fake TimelinesAI, with pages of two so that paging is
/// exercised, and sends queued about 2 s apart as TimelinesAI queues them.
struct TimelinesAIHarness: ConnectorHarness {
    var name: String { "timelinesai" }

    func run(webhookSecret: String, _ body: @Sendable (any Connector, any FakePlatformControl) async throws -> Void) async throws {
        let timelines = FakeTimelinesAI(options: .init(sendLatency: ContractLatency.send, requestLatency: ContractLatency.request, rateLimit: 100_000, pageSize: 2))
        try await FakeTimelinesAIServer(timelines: timelines).serving { port in
            let client = TimelinesAIClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(port)/integrations/api/", token: APIToken("fake-timelinesai-token"), requestTimeout: 2,
                                     retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), requestsPerMinute: 60_000, burst: 100),
                httpClient: HTTPClient.shared)
            var settings = TimelinesAIConnector.Settings()
            settings.webhookKey = webhookSecret
            // Every poll lists every chat: a change in a read chat is seen at once, not within five minutes.
            settings.poller.sweepSeconds = 0
            try await body(TimelinesAIConnector(client: client, settings: settings), TimelinesAIControl(timelines: timelines))
        }
    }
}

struct TimelinesAIControl: FakePlatformControl {
    let timelines: FakeTimelinesAI

    func someConversationID() async -> String { "27616436" }

    func customerWrites(_ body: String, in conversationID: String) async -> String {
        await timelines.customerMessage(body, in: conversationID) ?? ""
    }

    func sentTexts(in conversationID: String) async -> [String] { await timelines.sentTexts(in: conversationID) }
    func assignee(of conversationID: String) async -> String? { await timelines.responsible(of: conversationID) }
    var channel: String { "972502222222@s.whatsapp.net" }

    func conversation(withPhone phone: String) async -> String? {
        await timelines.withState { state in
            state.chats.values.first { $0.phone == phone }.map { PlatformCapabilities.timelinesai.idPrefix + String($0.id) }
        }
    }

    func isOpen(_ conversationID: String) async -> Bool { await timelines.isClosed(conversationID) == false }
    func agentCloses(_ conversationID: String) async { await timelines.agentCloses(conversationID) }
    var userEmail: String { "omar@acme.example" }

    func failNextMessageRead(status: Int, retryAfter: Int?) async {
        await timelines.inject(FakeFault(kind: .status, path: "/messages", method: "GET", status: status, retryAfter: retryAfter))
    }

    func dropNextSendAnswer() async {
        await timelines.inject(FakeFault(kind: .applyThenDrop, path: "/messages", method: "POST"))
    }

    /// The delivery TimelinesAI makes for the message: unsigned, admitted by the URL's key.
    func delivery(forMessage id: String, body: String, in conversationID: String, secret: String) async -> WebhookRequest {
        let data = await timelines.withState { state -> Data in
            guard let chatID = FakeTimelinesAIState.chatNumber(conversationID), let chat = state.chats[chatID],
                  let message = state.messages[chatID]?.first(where: { $0.uid == id }) else { return Data() }
            return Data(state.messageDelivery(message, in: chat).serialized(indent: nil).utf8)
        }
        return WebhookRequest(body: data, headers: [:], query: ["key": secret])
    }
}
