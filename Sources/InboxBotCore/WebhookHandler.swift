import Foundation

/// A platform's webhook deliveries: how they are authenticated, read and turned into events.
public protocol WebhookHandler: Sendable {
    /// Paths besides `/webhooks/<platform>` that take deliveries, such as `whatsapp`.
    var extraPaths: [String] { get }
    /// True when nothing is checked (no secret, no key): every delivery is taken.
    var isOpen: Bool { get }

    /// Whether the delivery comes from the platform; the reason when it does not.
    func authenticate(_ request: WebhookRequest) -> WebhookVerdict

    /// Reads a delivery; throws, with the reason, for a body that is no delivery.
    func delivery(from body: Data) throws -> WebhookDelivery

    /// Whether an error from `WebhookDelivery.event` means that what the delivery names does
    /// not exist on the platform (as opposed to a passing outage).
    func isMissing(_ error: any Error) -> Bool
}
