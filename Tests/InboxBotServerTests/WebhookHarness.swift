import AsyncHTTPClient
import Crypto
import Foundation
import InboxBotCore
import Logging
import InboxBotFakeSupport
import InboxBotConnectorSupport
@testable import InboxBotFakeHatif
@testable import InboxBotHatif
@testable import InboxBotServer

/// A fake Hatif, a real client, and the webhook server, all on loopback.
struct WebhookHarness: Sendable {
    let hatif: FakeHatif
    let client: HatifClient
    let queue: InMemoryEventQueue
    let enricher: HatifWebhookEnricher
    let webhookPort: Int

    static func run(
        signingSecret: String? = nil, urlKey: String? = "url-key", cacheSeconds: Double = 5, requestLatency: ClosedRange<Double> = 0...0,
        gate: WebhookServer.Gate = WebhookServer.Gate(),
        logger: Logger = Logger(label: "inboxbot.webhooks"), _ body: @Sendable (WebhookHarness) async throws -> Void
    ) async throws {
        let hatif = FakeHatif(options: .init(requestLatency: requestLatency))
        try await FakeHatifServer(hatif: hatif).serving { hatifPort in
            let client = HatifClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(hatifPort)", credentials: HatifCredentials(clientID: "inboxbot-test", clientSecret: "fake-secret"),
                                     requestTimeout: 2, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02)),
                httpClient: HTTPClient.shared)
            let queue = InMemoryEventQueue()
            let enricher = HatifWebhookEnricher(client: client, cacheSeconds: cacheSeconds)
            let handler = HatifWebhookHandler(authenticator: SignedWebhookAuthenticator(header: "X-Voxa-Signature", signingSecret: signingSecret, urlKey: urlKey), enricher: enricher)
            let receiver = WebhookReceiver(platform: "hatif", handler: handler, queue: queue, logger: logger)
            // Stopped gracefully, not cancelled: see FakeServing.serving.
            try await FakeServing.serving({ WebhookServer(receiver: receiver, gate: gate).application(host: "127.0.0.1", port: 0, logger: Logger(label: "webhooks"), onRunning: $0) }) { webhookPort in
                try await body(WebhookHarness(hatif: hatif, client: client, queue: queue, enricher: enricher, webhookPort: webhookPort))
            }
        }
    }

    /// POSTs a delivery as Hatif would, and returns the status code.
    func deliver(_ body: String, key: String? = "url-key", signature: String? = nil) async throws -> Int {
        var url = "http://127.0.0.1:\(webhookPort)/webhooks/hatif"
        if let key { url += "?key=\(key)" }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let signature { request.headers.add(name: "X-Voxa-Signature", value: signature) }
        request.body = .bytes(.init(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    static func sign(_ body: String, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// A WhatsApp Message Webhook body, in the documented shape.
    static func message(conversationID: String, eventID: String?, direction: String = "Inbound", status: String = "Delivered", body: String = "مرحبا") -> String {
        """
        {"workspaceId":"workspace-1","channelId":"\(FakeHatifSeed.mainChannel)","conversationId":"\(conversationID)","contactId":null,
         "messageId":"wamid.\(eventID ?? "x")","conversationEventId":\(eventID.map { "\"\($0)\"" } ?? "null"),"direction":"\(direction)",
         "messageType":"Text","body":"\(body)","mediaUrl":null,"mimeType":null,"status":"\(status)","senderUserId":null,
         "latitude":null,"longitude":null,"creationTime":"2026-03-17T08:30:00Z","isBillable":false,"errorCode":null,"errorReason":null}
        """
    }
}
