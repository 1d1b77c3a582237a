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
    /// Whether the rule also runs on events the bot's own actions caused (its own sent
    /// messages coming back). Off by default, so that rules cannot feed on themselves.
    public var ownMessages: Bool
    /// Act only for this percentage of contacts (1 to 99), the same contacts always
    /// (`RolloutSample`); nil acts for all.
    public var samplePercent: Int?

    public init(once: Bool = false, cooldown: TimeSpan? = nil, enabled: Bool = true, shadow: Bool = false, stop: Bool = false, ownMessages: Bool = false,
                samplePercent: Int? = nil) {
        self.samplePercent = samplePercent
        self.once = once
        self.cooldown = cooldown
        self.enabled = enabled
        self.shadow = shadow
        self.stop = stop
        self.ownMessages = ownMessages
    }
}
