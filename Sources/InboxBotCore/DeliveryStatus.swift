/// Delivery state of a message, carried by `message.status` events.
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, sent, delivered, read, failed
}
