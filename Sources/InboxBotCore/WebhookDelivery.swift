import Foundation

/// A delivery read from its body: the key it is deduplicated on, when it happened, and how
/// to make its event (which may read the platform, to fill in the conversation).
public struct WebhookDelivery: Sendable {
    public let key: String
    public let time: Date?
    /// The event, or nil for a delivery that is no event (a call still ringing).
    public let event: @Sendable () async throws -> Event?

    public init(key: String, time: Date?, event: @escaping @Sendable () async throws -> Event?) {
        self.key = key
        self.time = time
        self.event = event
    }
}
