import Foundation

/// A delivery read from its body: the key it is deduplicated on, when it happened, and how
/// to make its event (which may read the platform, to fill in the conversation); or, for a
/// delivery about a contact and no conversation (TextUs's opt-outs), the change it makes.
public struct WebhookDelivery: Sendable {
    public let key: String
    public let time: Date?
    /// The event, or nil for a delivery that is no event (a call still ringing).
    public let event: @Sendable () async throws -> Event?
    /// What the delivery changes of a contact, with a line saying so for the audit.
    public let contactChange: (change: ContactChange, description: String)?

    public init(key: String, time: Date?, event: @escaping @Sendable () async throws -> Event?) {
        self.key = key
        self.time = time
        self.event = event
        contactChange = nil
    }

    /// A delivery that changes a contact: recorded in the state store, with no event.
    public init(key: String, time: Date?, contactChange: ContactChange, description: String) {
        self.key = key
        self.time = time
        event = { nil }
        self.contactChange = (contactChange, description)
    }
}
