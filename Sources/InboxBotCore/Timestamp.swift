import Foundation

/// RFC 3339 timestamps, parsed and printed without a formatter or locale so that
/// results are the same everywhere and cheap enough for the replay hot path.
public enum Timestamp {
    /// Parses `2026-03-17T12:00:00Z`, `2026-03-17T12:00:00.250+03:00` and the like.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a timestamp's UTF-8 bytes (a decoder's, without making a `String` first).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Date? {
        // `YYYY-MM-DDTHH:MM:SS` at fixed places, then a fraction and the zone.
        guard bytes.count >= 20 else { return nil }
        @inline(__always)
        func number(at start: Int, _ digits: Int) -> Int? {
            var value = 0
            for index in start..<start + digits {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":"), separator = bytes[10]
        guard let year = number(at: 0, 4), bytes[4] == dash, let month = number(at: 5, 2), bytes[7] == dash, let day = number(at: 8, 2),
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              let hour = number(at: 11, 2), bytes[13] == colon, let minute = number(at: 14, 2), bytes[16] == colon,
              let second = number(at: 17, 2)
        else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19

        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }

        let offsetSeconds: Int
        guard index < bytes.count else { return nil }
        let zone = bytes[index]
        if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
            offsetSeconds = 0
            index += 1
        } else if zone == UInt8(ascii: "+") || zone == dash {
            // `+HH:MM`
            guard index + 6 <= bytes.count, let offsetHours = number(at: index + 1, 2), bytes[index + 3] == colon,
                  let offsetMinutes = number(at: index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (zone == dash ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }

        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Prints UTC with `Z`, and milliseconds only when there are any. Times are cut down to
    /// the millisecond, not rounded, so the order of times is kept; but a time read from
    /// text can come back a hair under its millisecond (a `Date` keeps seconds since 2001 in
    /// a Double), so within a microsecond of the next millisecond it counts as that one:
    /// formatted, parsed and formatted again, a time prints the same.
    public static func format(_ date: Date) -> String {
        // Held to years 0001–9999, so that no date, however computed, can trap here.
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000 + 0.001).clampedInt(to: -62_135_596_800_000...253_402_300_799_999)
        let (wholeSeconds, milliseconds) = totalMilliseconds.floorDivided(by: 1000)
        let (days, secondOfDay) = wholeSeconds.floorDivided(by: 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        // Written digit by digit: events, timers and the stores print times by the million.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            digits(civil.year, 4)
            put(UInt8(ascii: "-"))
            digits(civil.month, 2)
            put(UInt8(ascii: "-"))
            digits(civil.day, 2)
            put(UInt8(ascii: "T"))
            digits(secondOfDay / 3600, 2)
            put(UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2)
            put(UInt8(ascii: ":"))
            digits(secondOfDay % 60, 2)
            if milliseconds > 0 {
                put(UInt8(ascii: "."))
                digits(milliseconds, 3)
            }
            put(UInt8(ascii: "Z"))
            return count
        }
    }

    /// The local date and minute of the day at `date` in `zone`; never traps.
    public static func localTime(_ date: Date, in zone: TimeZone) -> (date: CivilDate, minute: Int) {
        localTime(seconds: seconds(date), offset: zone.secondsFromGMT(for: date))
    }

    /// The local date and minute of the day at `seconds` since 1970, `offset` seconds from UTC.
    static func localTime(seconds: Int, offset: Int) -> (date: CivilDate, minute: Int) {
        let (days, second) = (seconds + offset).floorDivided(by: 86_400)
        return (CivilDate(daysSinceEpoch: days), second / 60)
    }

    /// Whole seconds since 1970, held to the years 1 to 9999 (never a trap).
    static func seconds(_ date: Date) -> Int {
        date.timeIntervalSince1970.clampedInt(to: -62_135_596_800...253_402_300_799)
    }

    /// Local time as a person reads it, with the zone named: "Tue 2026-03-17 15:00 Asia/Riyadh".
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        let (day, minute) = localTime(date, in: zone)
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][day.weekday]
        return "\(weekday) \(day) \(pad(minute / 60, 2)):\(pad(minute % 60, 2)) \(zone.identifier)"
    }

    /// A time as a lead reads it in a zone, with UTC beside it: "Tue 2026-03-17 15:15
    /// Asia/Riyadh (2026-03-17T12:15:00Z)"; in UTC alone when no zone is given.
    public static func format(_ date: Date, in zone: TimeZone?) -> String {
        zone.map { "\(local(date, in: $0)) (\(format(date)))" } ?? format(date)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
