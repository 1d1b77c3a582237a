import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import InboxBotHatif
@testable import InboxBotFakeHatif

/// Hatif's connector on the fake Hatif.
struct HatifHarness: ConnectorHarness {
    var name: String { "hatif" }

    func run(webhookSecret: String, _ body: @Sendable (any Connector, any FakePlatformControl) async throws -> Void) async throws {
        let hatif = FakeHatif(options: .init(sendLatency: ContractLatency.send, requestLatency: ContractLatency.request))
        try await FakeHatifServer(hatif: hatif).serving { port in
            let client = HatifClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: HatifCredentials(clientID: "inboxbot-test", clientSecret: "fake-secret"),
                                     requestTimeout: 2, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05)),
                httpClient: HTTPClient.shared)
            var settings = HatifConnector.Settings()
            settings.webhookSecret = webhookSecret
            settings.webhookCacheSeconds = 0
            try await body(HatifConnector(client: client, settings: settings), HatifControl(hatif: hatif))
        }
    }
}

struct HatifControl: FakePlatformControl {
    let hatif: FakeHatif

    func someConversationID() async -> String {
        await hatif.withState { state in
            state.conversations.values.filter { $0.channelID == FakeHatifSeed.mainChannel }.map(\.id).sorted().first ?? ""
        }
    }

    func customerWrites(_ body: String, in conversationID: String) async -> String {
        await hatif.customerMessage(body, in: conversationID) ?? ""
    }

    func sentTexts(in conversationID: String) async -> [String] {
        await hatif.timelineBodies(of: conversationID).filter { $0.direction == 2 }.compactMap(\.body)
    }

    func assignee(of conversationID: String) async -> String? {
        await hatif.assignee(of: conversationID)
    }

    var channel: String { "Main Line" }

    func conversation(withPhone phone: String) async -> String? {
        await hatif.withState { state in state.conversations.values.first { $0.phoneNumber.filter(\.isNumber) == phone.filter(\.isNumber) }?.id }
    }

    func isOpen(_ conversationID: String) async -> Bool {
        await hatif.withState { $0.conversations[conversationID]?.status == 1 }
    }

    func agentCloses(_ conversationID: String) async { await hatif.agentCloses(conversationID) }
    var userEmail: String { "sara@acme.sa" }

    func failNextMessageRead(status: Int, retryAfter: Int?) async {
        await hatif.inject(FakeFault(kind: .status, path: "/timeline", method: "GET", status: status, retryAfter: retryAfter))
    }

    func dropNextSendAnswer() async {
        await hatif.inject(FakeFault(kind: .applyThenDrop, path: "/sendText", method: "POST"))
    }

    func delivery(forMessage id: String, body: String, in conversationID: String, secret: String) async -> WebhookRequest {
        let json = """
            {"workspaceId":"workspace-1","channelId":"\(FakeHatifSeed.mainChannel)","conversationId":"\(conversationID)","contactId":null,\
            "messageId":"wamid.\(id)","conversationEventId":"\(id)","direction":"Inbound","messageType":"Text","body":"\(body)",\
            "mediaUrl":null,"mimeType":null,"status":"Delivered","senderUserId":null,"latitude":null,"longitude":null,\
            "creationTime":"\(Timestamp.format(Date()))","isBillable":false,"errorCode":null,"errorReason":null}
            """
        let data = Data(json.utf8)
        return WebhookRequest(body: data, headers: ["x-voxa-signature": Self.hexHMAC(data, secret: secret)], query: [:])
    }
}
