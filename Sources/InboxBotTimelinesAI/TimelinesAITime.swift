import Foundation
import InboxBotCore

/// TimelinesAI's times: `2023-06-18 15:19:23 +0300` (no `T`, no fraction, an offset without a
/// colon, in the workspace's zone). ISO 8601 is read too, in case a field comes that way.
enum TimelinesAITime {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let iso = Timestamp.parse(trimmed) { return iso }
        // `+0300` at the end, after a space: rewritten as `+03:00` for the RFC 3339 reader.
        let parts = trimmed.split(separator: " ")
        guard parts.count == 3, let sign = parts[2].first, sign == "+" || sign == "-", parts[2].count == 5,
              parts[2].dropFirst().allSatisfy(\.isNumber) else { return nil }
        let offset = parts[2]
        return Timestamp.parse("\(parts[0])T\(parts[1])\(offset.prefix(3)):\(offset.suffix(2))")
    }
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// A TimelinesAI time; nil when absent, null or unreadable.
    func timelinesTime(_ key: String) -> Date? {
        lenientString(key).flatMap(TimelinesAITime.parse)
    }
}
