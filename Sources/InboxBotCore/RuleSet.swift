/// Every rule and calendar from a rules directory, in file order.
public struct RuleSet: Sendable, Hashable {
    public var rules: [Rule]
    public var calendars: [CalendarDefinition]

    public init(rules: [Rule] = [], calendars: [CalendarDefinition] = []) {
        self.rules = rules
        self.calendars = calendars
    }

    public mutating func append(_ other: RuleSet) {
        rules += other.rules
        calendars += other.calendars
    }
}
