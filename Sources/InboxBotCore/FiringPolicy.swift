import Foundation

/// How often a rule may act, and whether it acts at all.
public struct FiringPolicy: Sendable, Hashable {
    /// What `once` and `cooldown` count by.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// Each conversation apart (the default).
        case conversation
        /// Each contact, across all its conversations (by `ContactKey`).
        case contact

        /// Where firings in this scope are remembered for the conversation: its id, or its contact's key.
        public func key(of conversation: ConversationSnapshot) -> String {
            switch self {
            case .conversation: conversation.id
            case .contact: "contact:" + ContactKey.primary(of: conversation)
            }
        }
    }

    /// Act at most once per scope: ever, or once each calendar day with `oncePerDay`.
    public var once: Bool
    /// After acting in a scope, wait this long before acting in it again.
    public var cooldown: TimeSpan?
    public var scope: Scope
    /// `once: { every: day }`: once per calendar day, not once ever.
    public var oncePerDay: Bool
    /// Whose day that is: a calendar's name (its time zone), or nil for UTC.
    public var dayCalendar: String?
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
                samplePercent: Int? = nil, scope: Scope = .conversation, oncePerDay: Bool = false, dayCalendar: String? = nil) {
        self.scope = scope
        self.oncePerDay = oncePerDay
        self.dayCalendar = dayCalendar
        self.samplePercent = samplePercent
        self.once = once
        self.cooldown = cooldown
        self.enabled = enabled
        self.shadow = shadow
        self.stop = stop
        self.ownMessages = ownMessages
    }

    /// Whether the rule has `once` or `cooldown`, and so keeps a ledger of its firings.
    public var limitsFiring: Bool { once || cooldown != nil }

    /// Where firings are remembered for this conversation.
    public func firingScope(of conversation: ConversationSnapshot) -> String {
        scope.key(of: conversation)
    }
}
