import Foundation

/// The HTTP date form of Retry-After: `Tue, 17 Mar 2026 12:00:00 GMT`.
public enum FakeHTTPDate {
    /// The form has no fractions, so callers round the time up, never asking for less of a
    /// wait than the seconds form would.
    public static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
