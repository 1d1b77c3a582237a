import Foundation
import InboxBotCore
import Logging

/// Takes a platform's webhook deliveries into the event queue, through its handler.
///
/// | delivery | answer |
/// |---|---|
/// | not authenticated (no valid signature or URL key) | 401 |
/// | not a webhook payload | 400, with a log line |
/// | a repeat of one already taken | 200 |
/// | no event (a call still in progress) | 200, nothing queued |
/// | a change to a contact (an opt-out) | 202, recorded with an audit line |
/// | it names something the platform does not have, and is older than `visibilityWindow` | 200, ignored, with a log line: a retry cannot help |
/// | the platform could not be read to fill it in (or does not show it yet), or the queue failed | 503, so the platform retries |
/// | queued | 202 |
public struct WebhookReceiver: Sendable {
    public struct Answer: Sendable, Hashable {
        public var status: Int
        public var message: String
    }

    /// The platform's name: deliveries come to `/webhooks/<platform>`.
    public let platform: String
    let handler: any WebhookHandler
    let queue: any EventQueue
    let deduplicator = DeliveryDeduplicator()
    let clock: any WallClock
    /// How long after a message or call the platform may still not show its conversation; a
    /// delivery younger than this that names an unknown one is retried, an older one is not.
    let visibilityWindow: Double
    let logger: Logger

    public init(platform: String, handler: any WebhookHandler, queue: any EventQueue, clock: any WallClock = SystemWallClock(),
                visibilityWindow: Double = 600, logger: Logger = Logger(label: "inboxbot.webhooks")) {
        self.platform = platform
        self.handler = handler
        self.queue = queue
        self.clock = clock
        self.visibilityWindow = visibilityWindow
        self.logger = logger
        if handler.isOpen {
            logger.warning("\(platform) webhooks accept any delivery: set a signing secret or a URL key")
        }
    }

    public func receive(_ request: WebhookRequest) async -> Answer {
        if case .rejected(let reason) = handler.authenticate(request) {
            logger.warning("rejected a webhook delivery", metadata: ["platform": "\(platform)", "reason": "\(reason)"])
            return Answer(status: 401, message: "unauthorized")
        }
        let delivery: WebhookDelivery
        do {
            delivery = try handler.delivery(from: request.body)
        } catch {
            logger.warning("malformed webhook delivery", metadata: ["platform": "\(platform)", "error": "\(error)", "bytes": "\(request.body.count)"])
            return Answer(status: 400, message: "\(error)")
        }
        let key = delivery.key
        guard await deduplicator.reserve(key) else {
            logger.debug("repeated webhook delivery", metadata: ["key": "\(key)"])
            return Answer(status: 200, message: "duplicate")
        }
        do {
            if let (change, description) = delivery.contactChange {
                let note = AuditRecord(time: delivery.time ?? clock.now(), kind: .note, conversationID: nil, eventID: nil, ruleID: nil,
                                       ruleSetVersion: "", message: description)
                try await queue.changeContacts([change], audit: [note])
                await deduplicator.commit(key)
                logger.info("recorded a contact change from a webhook", metadata: ["platform": "\(platform)", "key": "\(key)"])
                return Answer(status: 202, message: "recorded: \(description)")
            }
            guard let event = try await delivery.event() else {
                await deduplicator.commit(key)
                logger.info("a delivery that is no event (a call still in progress)", metadata: ["key": "\(key)"])
                return Answer(status: 200, message: "ignored: no event yet")
            }
            try await queue.enqueue(event)
            await deduplicator.commit(key)
            logger.debug("queued a webhook event", metadata: ["event": "\(event.id)", "type": "\(event.type.rawValue)"])
            return Answer(status: 202, message: "queued \(event.id)")
        } catch where handler.isMissing(error) && !isRecent(delivery) {
            await deduplicator.commit(key)
            logger.warning("ignored a webhook delivery for something the platform does not have",
                           metadata: ["platform": "\(platform)", "key": "\(key)", "error": "\(error)"])
            return Answer(status: 200, message: "ignored: \(platform) does not have what it names (\(error))")
        } catch {
            await deduplicator.release(key)
            logRefusal(["key": "\(key)", "error": "\(error)"])
            return Answer(status: 503, message: "try again later")
        }
    }

    /// One line for every delivery refused with 503 (the platform retries it), whether the store
    /// failed under it or the server refused it at the gate (`WebhookServer`).
    func logRefusal(_ metadata: Logger.Metadata) {
        logger.error("could not take a webhook delivery; the platform will retry", metadata: metadata.merging(["platform": "\(platform)"]) { own, _ in own })
    }

    /// Whether the delivery is young enough that what it names may not be visible yet.
    func isRecent(_ delivery: WebhookDelivery) -> Bool {
        guard let time = delivery.time else { return false }
        return clock.now().timeIntervalSince(time) < visibilityWindow
    }
}
