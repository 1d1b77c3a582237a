/// Business hours as written: a time zone, shifts per weekday and holidays.
public struct CalendarDefinition: Sendable, Hashable {
    public var name: String
    public var timeZone: String
    /// Shifts per weekday, 0 = Sunday … 6 = Saturday. A missing day is closed.
    public var weekly: [Int: [Shift]]
    public var holidays: [ClosedRange<CivilDate>]
    public var location: SourceLocation?
    public var timeZoneLocation: SourceLocation?

    public init(
        name: String,
        timeZone: String,
        weekly: [Int: [Shift]],
        holidays: [ClosedRange<CivilDate>] = [],
        location: SourceLocation? = nil,
        timeZoneLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
        self.location = location
        self.timeZoneLocation = timeZoneLocation
    }
}
