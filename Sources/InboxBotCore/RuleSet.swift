/// Every rule and calendar from a rules directory, in file order.
public struct RuleSet: Sendable, Hashable {
    public var rules: [Rule]
    public var calendars: [CalendarDefinition]
    /// `send_limit:`, from whichever file sets it (the loader refuses a second).
    public var sendLimit: SendLimit?

    public init(rules: [Rule] = [], calendars: [CalendarDefinition] = [], sendLimit: SendLimit? = nil) {
        self.rules = rules
        self.calendars = calendars
        self.sendLimit = sendLimit
    }

    public mutating func append(_ other: RuleSet) {
        rules += other.rules
        calendars += other.calendars
        sendLimit = sendLimit ?? other.sendLimit
    }
}
