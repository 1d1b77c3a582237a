import Foundation

/// WhatsApp's customer-service window: free-form messages may go to a customer only within
/// 24 hours of the customer's last message; after that, only approved templates.
public enum ServiceWindow {
    public static let seconds: TimeInterval = 24 * 3600

    public static func isOpen(_ conversation: ConversationSnapshot, at now: Date) -> Bool {
        guard let last = conversation.lastInboundAt else { return false }
        return now.timeIntervalSince(last) < seconds
    }

    /// "open until 2026-03-18T12:00:00Z", "closed since …", "closed: the customer never wrote".
    static func describe(_ conversation: ConversationSnapshot, at now: Date) -> String {
        guard let last = conversation.lastInboundAt else { return "closed: the customer never wrote" }
        let end = last.addingTimeInterval(seconds)
        return now < end ? "open until \(Timestamp.format(end))" : "closed since \(Timestamp.format(end))"
    }
}
