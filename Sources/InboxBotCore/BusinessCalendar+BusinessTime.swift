import Foundation

extension BusinessCalendar {
    /// The moment `seconds` of opening time have passed since `start`: nights, closed days
    /// and holidays do not count. Nil when the calendar is never open (within ten years).
    ///
    /// Each shift's start and end are turned into instants through the zone's offset at that
    /// local time, so a daylight-saving change shortens or lengthens the night, never a shift.
    public func date(afterBusinessSeconds seconds: Int, from start: Date) -> Date? {
        guard seconds > 0 else { return start }
        var remaining = Double(seconds)
        let first = localTime(at: start).date.daysSinceEpoch
        for day in first..<(first + 3660) {
            let date = CivilDate(daysSinceEpoch: day)
            if holidays.contains(where: { $0.contains(date) }) { continue }
            for shift in shifts[date.weekday] {
                let opens = instant(day: day, minute: shift.start), closes = instant(day: day, minute: shift.end)
                let from = max(opens, start)
                guard closes > from else { continue }
                let available = closes.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
        }
        return nil
    }

    /// The instant of a local day and minute in this calendar's zone.
    func instant(day: Int, minute: Int) -> Date {
        let local = day * 86_400 + minute * 60
        // The offset at the local time read as UTC is right except within hours of a change;
        // asking again at the corrected instant settles it.
        let guess = local - offsets.offset(at: local)
        return Date(timeIntervalSince1970: Double(local - offsets.offset(at: guess)))
    }
}
