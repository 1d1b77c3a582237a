import Foundation

/// A time as a lead types it, read in a zone: an ISO time (2026-03-17T15:00:00Z), a date and
/// a clock time (2026-03-17 18:00, seconds optional), a weekday and a clock time (Thu 18:00:
/// the first such moment from `reference` on, today included), or a clock time (18:00: today).
public enum LocalTime {
    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public static func parse(_ text: String, in zone: TimeZone, after reference: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 64 else { return nil }
        if let exact = Timestamp.parse(trimmed) { return exact }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // 2026-03-17T18:00 is a date and a clock time; the T of Thu and Tue is not a separator.
        let characters = Array(trimmed)
        let spaced = String(characters.indices.map { index in
            characters[index] == "T" && index > 0 && index + 1 < characters.count && characters[index - 1].isNumber && characters[index + 1].isNumber
                ? " " : characters[index]
        })
        let parts = spaced.split(separator: " ").map(String.init)
        guard let clockText = parts.last, let clock = self.clock(clockText), parts.count <= 2 else { return nil }
        var day = calendar.dateComponents([.year, .month, .day], from: reference)
        if parts.count == 2 {
            let first = parts[0].lowercased()
            if let weekday = weekdays.firstIndex(where: { first.hasPrefix($0) }), first.count >= 3, first.allSatisfy(\.isLetter) {
                let today = (calendar.component(.weekday, from: reference) - 1 + 7) % 7
                let ahead = (weekday - today + 7) % 7
                guard let date = calendar.date(byAdding: .day, value: ahead, to: reference) else { return nil }
                day = calendar.dateComponents([.year, .month, .day], from: date)
            } else {
                let numbers = first.split(separator: "-").map { Int($0) }
                guard numbers.count == 3, let year = numbers[0], let month = numbers[1], let date = numbers[2],
                      (1...9999).contains(year), (1...12).contains(month), (1...31).contains(date) else { return nil }
                day = DateComponents(year: year, month: month, day: date)
            }
        }
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute, second: clock.second)
        // A day that does not exist (31 April) would roll over: refused instead.
        guard let result = calendar.date(from: components), calendar.component(.day, from: result) == day.day else { return nil }
        return result
    }

    /// `18:00` or `18:00:30`.
    static func clock(_ text: String) -> (hour: Int, minute: Int, second: Int)? {
        let numbers = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.count <= 2 ? Int($0) : nil }
        guard (2...3).contains(numbers.count), let hour = numbers[0], let minute = numbers[1], (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = numbers.count == 3 ? numbers[2] : 0
        guard let second, (0...59).contains(second) else { return nil }
        return (hour, minute, second)
    }
}
