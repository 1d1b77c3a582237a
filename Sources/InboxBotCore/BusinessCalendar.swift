import Foundation

/// A compiled calendar of business hours that answers "is it open at this moment?".
///
/// Local time comes from the zone's offset at that instant, so daylight-saving changes
/// are handled by the time-zone database rather than by arithmetic here. A class: it is
/// immutable, and read for every event a calendar test sees, without copying its tables.
public final class BusinessCalendar: Sendable {
    public let name: String
    public var timeZone: TimeZone { offsets.zone }
    /// The zone's offsets, read without asking the zone (`ZoneOffsets`).
    let offsets: ZoneOffsets
    /// Indexed by weekday, 0 = Sunday.
    let shifts: [[Shift]]
    let holidays: [ClosedRange<CivilDate>]

    public init(_ definition: CalendarDefinition) throws(RuleValueError) {
        guard let zone = TimeZone(identifier: definition.timeZone) else {
            let hint = Suggestion.hint(for: definition.timeZone, among: TimeZone.knownTimeZoneIdentifiers)
            throw RuleValueError("unknown time zone '\(definition.timeZone)'\(hint.isEmpty ? "; use an IANA name such as Asia/Riyadh" : hint)")
        }
        name = definition.name
        offsets = ZoneOffsets(zone)
        shifts = (0..<7).map { definition.weekly[$0]?.sorted { $0.start < $1.start } ?? [] }
        holidays = definition.holidays
    }

    /// The local date and minute of the day at `date`.
    public func localTime(at date: Date) -> (date: CivilDate, minute: Int) {
        let seconds = Timestamp.seconds(date)
        return Timestamp.localTime(seconds: seconds, offset: offsets.offset(at: seconds))
    }

    /// Local time as a person reads it: "Tue 2026-03-17 15:00 Asia/Riyadh (closed)".
    public func describe(_ date: Date) -> String {
        "\(Timestamp.local(date, in: timeZone)) (\(isOpen(at: date) ? "open" : "closed"))"
    }

    public func isOpen(at date: Date) -> Bool {
        let (day, minute) = localTime(at: date)
        if holidays.contains(where: { $0.contains(day) }) { return false }
        return shifts[day.weekday].contains { $0.start <= minute && minute < $0.end }
    }
}
