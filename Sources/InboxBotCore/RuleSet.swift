/// Every rule and calendar from a rules directory, in file order.
public struct RuleSet: Sendable, Hashable {
    public var rules: [Rule]
    public var calendars: [CalendarDefinition]
    /// `send_limit:`, from whichever file sets it (the loader refuses a second).
    public var sendLimit: SendLimit?
    /// `agents:`: capacities and working hours, for assigning from pools.
    public var agents: [AgentSettings]
    /// Calendars defined with an error already reported: rules naming them are not told
    /// again that the calendar is unknown.
    public var brokenCalendars: Set<String> = []

    public init(rules: [Rule] = [], calendars: [CalendarDefinition] = [], sendLimit: SendLimit? = nil, agents: [AgentSettings] = []) {
        self.rules = rules
        self.calendars = calendars
        self.sendLimit = sendLimit
        self.agents = agents
    }

    public mutating func append(_ other: RuleSet) {
        rules += other.rules
        calendars += other.calendars
        sendLimit = sendLimit ?? other.sendLimit
        agents += other.agents
        brokenCalendars.formUnion(other.brokenCalendars)
    }
}
