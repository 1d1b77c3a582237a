/// One automation rule: when one of its triggers happens and its condition holds, it acts.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var description: String?
    public var triggers: [Trigger]
    public var condition: Condition
    public var actions: [Action]
    public var policy: FiringPolicy
    public var location: SourceLocation?

    public init(
        id: String,
        description: String? = nil,
        triggers: [Trigger],
        condition: Condition = .always,
        actions: [Action],
        policy: FiringPolicy = FiringPolicy(),
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.description = description
        self.triggers = triggers
        self.condition = condition
        self.actions = actions
        self.policy = policy
        self.location = location
    }
}

/// How often a rule may act, and whether it acts at all.
public struct FiringPolicy: Sendable, Hashable {
    /// Act at most once per conversation, ever.
    public var once: Bool
    /// After acting on a conversation, wait this long before acting on it again.
    public var cooldown: TimeSpan?
    public var enabled: Bool
    /// Evaluate and report, but never act.
    public var shadow: Bool
    /// When the rule acts, later rules are not evaluated for the event.
    public var stop: Bool

    public init(once: Bool = false, cooldown: TimeSpan? = nil, enabled: Bool = true, shadow: Bool = false, stop: Bool = false) {
        self.once = once
        self.cooldown = cooldown
        self.enabled = enabled
        self.shadow = shadow
        self.stop = stop
    }
}

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

/// Opening time within a day, in minutes from local midnight; `end` may be 1440 (24:00).
public struct Shift: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `09:00-13:00`.
    public static func parse(_ text: String) -> Result<Shift, RuleValueError> {
        let parts = text.split(separator: "-").map { $0.trimmingWhitespace() }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else {
            return .failure(RuleValueError("invalid shift '\(text)'; write it as HH:MM-HH:MM, as in 09:00-17:30"))
        }
        guard start < end else {
            return .failure(RuleValueError(
                "shift '\(text)' ends before it starts; split a shift that crosses midnight into two days (22:00-24:00 and 00:00-02:00)"))
        }
        return .success(Shift(start: start, end: end))
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 60 + minutes
    }

    public var description: String {
        func clock(_ minutes: Int) -> String {
            let hours = minutes / 60, rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        return "\(clock(start))-\(clock(end))"
    }
}
