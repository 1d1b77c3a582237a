import Foundation
import InboxBotCore
import InboxBotHatif
import Logging

/// Handles Hatif's WhatsApp Message and Call webhook deliveries.
///
/// | delivery | answer |
/// |---|---|
/// | no valid signature or URL key | 401 |
/// | not a webhook payload | 400, with a log line |
/// | a repeat of one already taken | 200 |
/// | a call still in progress | 200, nothing queued |
/// | it names a conversation or channel Hatif does not have, and is older than `visibilityWindow` | 200, ignored, with a log line: a retry cannot help |
/// | the API could not be read to fill in the conversation (or does not show it yet), or the queue failed | 503, so Hatif retries |
/// | queued | 202 |
public struct HatifWebhookReceiver: Sendable {
    public struct Answer: Sendable, Hashable {
        public var status: Int
        public var message: String
    }

    let authenticator: HatifWebhookAuthenticator
    let enricher: HatifWebhookEnricher
    let queue: any EventQueue
    let deduplicator = DeliveryDeduplicator()
    let clock: any WallClock
    /// How long after a message or call the API may still not show its conversation; a
    /// delivery younger than this that names an unknown one is retried, an older one is not.
    let visibilityWindow: Double
    let logger: Logger

    public init(authenticator: HatifWebhookAuthenticator, enricher: HatifWebhookEnricher, queue: any EventQueue,
                clock: any WallClock = SystemWallClock(), visibilityWindow: Double = 600, logger: Logger = Logger(label: "inboxbot.webhooks.hatif")) {
        self.authenticator = authenticator
        self.enricher = enricher
        self.queue = queue
        self.clock = clock
        self.visibilityWindow = visibilityWindow
        self.logger = logger
        if authenticator.isOpen {
            logger.warning("Hatif webhooks accept any delivery: set a signing secret or a URL key")
        }
    }

    public func receive(body: Data, signature: String?, key: String?) async -> Answer {
        if case .rejected(let reason) = authenticator.verify(body: body, signature: signature, key: key) {
            logger.warning("rejected a webhook delivery", metadata: ["reason": "\(reason)"])
            return Answer(status: 401, message: "unauthorized")
        }
        let payload: HatifWebhookPayload
        do {
            payload = try HatifWebhookPayload.decode(body)
        } catch {
            logger.warning("malformed webhook delivery", metadata: ["error": "\(error)", "bytes": "\(body.count)"])
            return Answer(status: 400, message: "\(error)")
        }
        let key = payload.deduplicationKey
        guard await deduplicator.reserve(key) else {
            logger.debug("repeated webhook delivery", metadata: ["key": "\(key)"])
            return Answer(status: 200, message: "duplicate")
        }
        do {
            guard let event = try await enricher.event(for: payload) else {
                await deduplicator.commit(key)
                logger.info("ignored a call still in progress", metadata: ["key": "\(key)"])
                return Answer(status: 200, message: "ignored: the call is still in progress")
            }
            try await queue.enqueue(event)
            await deduplicator.commit(key)
            logger.debug("queued a webhook event", metadata: ["event": "\(event.id)", "type": "\(event.type.rawValue)"])
            return Answer(status: 202, message: "queued \(event.id)")
        } catch HatifError.notFound(let what) where !isRecent(payload) {
            await deduplicator.commit(key)
            logger.warning("ignored a webhook delivery for something Hatif does not have", metadata: ["key": "\(key)", "missing": "\(what)"])
            return Answer(status: 200, message: "ignored: Hatif does not have what it names (\(what))")
        } catch {
            await deduplicator.release(key)
            logger.error("could not take a webhook delivery; Hatif will retry", metadata: ["key": "\(key)", "error": "\(error)"])
            return Answer(status: 503, message: "try again later")
        }
    }

    /// Whether the delivery is young enough that what it names may not be visible yet.
    func isRecent(_ payload: HatifWebhookPayload) -> Bool {
        guard let time = payload.creationTime else { return false }
        return clock.now().timeIntervalSince(time) < visibilityWindow
    }
}
