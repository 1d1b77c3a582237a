/// `send_limit:`: at most so many automated messages to one contact on one calendar day,
/// across all rules, however many rules match.
public struct SendLimit: Sendable, Hashable {
    public var perContactPerDay: Int
    /// Whose day: a calendar's name (its time zone), or nil for UTC.
    public var calendar: String?
    public var location: SourceLocation?

    public init(perContactPerDay: Int, calendar: String? = nil, location: SourceLocation? = nil) {
        self.perContactPerDay = perContactPerDay
        self.calendar = calendar
        self.location = location
    }
}
