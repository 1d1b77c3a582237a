import Foundation
import InboxBotCore
import InboxBotConnectorSupport

/// TextUs's webhook deliveries at `/webhooks/textus`: signed with `X-TextUs-Signature` (hex
/// HMAC-SHA256 of the raw body, keyed by the integration's `webhookSecret`) or admitted by a
/// `?key=` URL secret, deduplicated by delivery id. The conversation a delivery embeds may
/// lack its assignments, so it is read again, with its timeline, to fill in the snapshot.
/// An opt-out or opt-in (`contact.opted_out`, `contact.opted_in`) names a number and no
/// conversation: it is recorded against the number, so that no rule sends to it (and
/// `contact.opted_out` holds) until it opts in again.
public struct TextUsWebhookHandler: WebhookHandler {
    let authenticator: SignedWebhookAuthenticator
    let platform: TextUsPlatform
    let directory: TextUsDirectory
    let clock: any WallClock

    init(authenticator: SignedWebhookAuthenticator, platform: TextUsPlatform, directory: TextUsDirectory, clock: any WallClock) {
        self.authenticator = authenticator
        self.platform = platform
        self.directory = directory
        self.clock = clock
    }

    public var extraPaths: [String] { [] }
    public var isOpen: Bool { authenticator.isOpen }

    public func authenticate(_ request: WebhookRequest) -> WebhookVerdict {
        authenticator.verify(request)
    }

    public func delivery(from body: Data) throws -> WebhookDelivery {
        let payload = try TextUsWebhookPayload.decode(body)
        if let optOut = payload.optOut {
            return try contactDelivery(payload, optingOut: optOut.optingOut, phoneNumber: optOut.phoneNumber)
        }
        return WebhookDelivery(key: payload.deduplicationKey, time: payload.timestamp ?? payload.message?.position) { [platform, directory, clock] in
            guard let conversation = payload.conversation else { return nil }  // a contact created: no conversation event
            guard let snapshot = try await platform.conversation(id: conversation.id) else { throw TextUsError.notFound("no conversation \(conversation.id)") }
            let mapper = try await directory.mapper()
            switch payload.action {
            case "message.received":
                guard let message = payload.message else { return nil }
                return mapper.event(for: message, snapshot: snapshot, source: "webhook", undated: payload.timestamp ?? clock.now())
            case "message.delivered", "message.failed", "message.unknown":
                guard let message = payload.message else { return nil }
                return mapper.statusEvent(for: message, snapshot: snapshot, source: "webhook", observedAt: payload.timestamp ?? clock.now())
            case "phone_call.completed":
                let call = payload.call
                let status: CallStatus = call?.answered == false ? .missed : .answered
                let id = call?.id ?? payload.deduplicationKey
                return Event(id: TextUsID.qualified(id), type: status.eventType, time: payload.timestamp ?? clock.now(), conversation: snapshot,
                             call: Call(direction: call?.inbound == false ? .outbound : .inbound, status: status, durationSeconds: call?.durationSeconds ?? 0),
                             metadata: [Event.platformEventIDKey: id, "source": "webhook"])
            default:
                return nil
            }
        }
    }

    /// An opt-out or opt-in, recorded under the number's contact key.
    private func contactDelivery(_ payload: TextUsWebhookPayload, optingOut: Bool, phoneNumber: String?) throws -> WebhookDelivery {
        guard let key = phoneNumber.flatMap(ContactKey.phone) else {
            throw TextUsError.invalidResponse("not a TextUs webhook delivery: an \(payload.action) without the contact's phoneNumber")
        }
        let change: ContactChange = optingOut
            ? .optOut(keys: [key], OptOut(at: payload.timestamp ?? clock.now(), eventID: TextUsID.qualified(payload.deduplicationKey), ruleID: nil))
            : .optIn(keys: [key])
        let description = optingOut ? "\(key) opted out on TextUs: no rule sends to it" : "\(key) opted back in on TextUs"
        return WebhookDelivery(key: payload.deduplicationKey, time: payload.timestamp, contactChange: change, description: description)
    }

    public func isMissing(_ error: any Error) -> Bool {
        if case TextUsError.notFound = error { true } else { false }
    }
}
