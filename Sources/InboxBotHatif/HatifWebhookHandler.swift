import Foundation
import InboxBotCore
import InboxBotConnectorSupport

/// Hatif's WhatsApp Message and Call webhooks: one URL per workspace (also taken at
/// `…/whatsapp` and `…/call`), an optional `X-Voxa-Signature` or a `?key=` URL secret,
/// and deliveries filled in from the API (they carry ids, not the conversation).
public struct HatifWebhookHandler: WebhookHandler {
    let authenticator: SignedWebhookAuthenticator
    let enricher: HatifWebhookEnricher

    public init(authenticator: SignedWebhookAuthenticator, enricher: HatifWebhookEnricher) {
        self.authenticator = authenticator
        self.enricher = enricher
    }

    public var extraPaths: [String] { ["whatsapp", "call"] }
    public var isOpen: Bool { authenticator.isOpen }

    public func authenticate(_ request: WebhookRequest) -> WebhookVerdict {
        authenticator.verify(request)
    }

    public func delivery(from body: Data) throws -> WebhookDelivery {
        let payload = try HatifWebhookPayload.decode(body)
        return WebhookDelivery(key: payload.deduplicationKey, time: payload.creationTime) { [enricher] in
            try await enricher.event(for: payload)
        }
    }

    public func isMissing(_ error: any Error) -> Bool {
        if case HatifError.notFound = error { true } else { false }
    }
}
