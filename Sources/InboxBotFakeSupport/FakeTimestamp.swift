import Foundation
import InboxBotCore

/// Times as the platforms print them. Live APIs vary precision and offset between answers and
/// between fields, so a fake that always prints one form proves a client reads only that one.
public enum FakeTimestamp {
    public enum Precision: Sendable, CaseIterable {
        case seconds, milliseconds, microseconds

        /// Each precision in turn as `number` counts answers.
        public static func cycling(_ number: Int) -> Precision {
            let all = Precision.allCases
            return all[Int(number.magnitude % UInt(all.count))]
        }
    }

    /// `2025-03-04T15:02:10Z`, `2025-03-04T15:02:10.123Z`, `2025-03-04T09:02:10.123456-06:00`:
    /// ISO 8601 at `precision`, in UTC as `Z` or at an offset as `±HH:MM`.
    public static func iso8601(_ date: Date, precision: Precision, offsetSeconds: Int = 0) -> String {
        let fraction: String
        switch precision {
        case .seconds: fraction = ""
        case .milliseconds: fraction = "." + pad(microseconds(of: date) / 1000, 3)
        case .microseconds: fraction = "." + pad(microseconds(of: date), 6)
        }
        let zone = offsetSeconds == 0 ? "Z" : offset(offsetSeconds, separator: ":")
        return wallClock(date, offsetSeconds: offsetSeconds, dateTimeSeparator: "T") + fraction + zone
    }

    /// `2026-05-18 10:44:21 +0300`: TimelinesAI's form, no `T`, no fraction.
    public static func spaced(_ date: Date, offsetSeconds: Int) -> String {
        wallClock(date, offsetSeconds: offsetSeconds, dateTimeSeparator: " ") + " " + offset(offsetSeconds, separator: "")
    }

    /// `yyyy-MM-ddTHH:mm:ss` on the clock `offsetSeconds` east of UTC; the core's formatter
    /// already does the calendar arithmetic without trapping, and always prints those 19 characters first.
    private static func wallClock(_ date: Date, offsetSeconds: Int, dateTimeSeparator: Character) -> String {
        var text = String(Timestamp.format(date.addingTimeInterval(TimeInterval(offsetSeconds))).prefix(19))
        if let separator = text.firstIndex(of: "T") { text.replaceSubrange(separator...separator, with: String(dateTimeSeparator)) }
        return text
    }

    /// The microseconds past the whole second, counted up from the floor as the core's formatter counts seconds.
    private static func microseconds(of date: Date) -> Int {
        let remainder = (date.timeIntervalSince1970 * 1_000_000).rounded(.down).truncatingRemainder(dividingBy: 1_000_000)
        return (remainder < 0 ? remainder + 1_000_000 : remainder).clampedInt(to: 0...999_999)
    }

    private static func offset(_ seconds: Int, separator: String) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + separator + pad(minutes % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
