import Foundation
import InboxBotCore

/// TimelinesAI's phone numbers: `+972501111111` in chats and most deliveries, bare digits
/// (`380739833532`) in newer webhook examples. One chat must be one contact whichever way its
/// number came, so bare digits get their `+`.
enum TimelinesAIPhone {
    static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        return trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) ? "+" + trimmed : trimmed
    }
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// A TimelinesAI phone number, normalized; nil when absent, null or empty.
    func timelinesPhone(_ key: String) -> String? {
        lenientString(key).flatMap(TimelinesAIPhone.normalized)
    }
}
