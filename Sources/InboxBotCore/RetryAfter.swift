import Foundation

/// HTTP's Retry-After header, which platforms send with a 429 or a 503.
public enum RetryAfter {
    /// The wait it asks for, in seconds from `now`: the header is whole seconds or an HTTP
    /// date. Nil for anything else (a value that is no number, or not finite).
    public static func seconds(_ text: String, now: Date) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds.isFinite ? max(0, seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: trimmed).map { max(0, $0.timeIntervalSince(now)) }
    }
}
