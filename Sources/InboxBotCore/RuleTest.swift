import Foundation

/// One rule test, as a support lead writes it beside the rules: a conversation, what
/// happens in it on a virtual clock, and the actions the rules should take (or none).
public struct RuleTest: Sendable {
    /// Something that happens in the conversation, `offset` seconds after the start.
    public struct Step: Sendable {
        public var offset: Int
        /// The event; its time and conversation are filled in when the test runs.
        public var event: Event
        /// A change to the conversation that the event reports (a new assignee, tags, status).
        public var change: Change?
        public var location: SourceLocation?

        public init(offset: Int, event: Event, change: Change? = nil, location: SourceLocation? = nil) {
            self.offset = offset
            self.event = event
            self.change = change
            self.location = location
        }
    }

    public enum Change: Sendable, Hashable {
        case assign(String?)
        case addTags([String])
        case removeTags([String])
        case status(ConversationStatus)
        /// The platform's own status (`status_changed: IN_PROGRESS`); the normalized one stays.
        case platformStatus(String)
    }

    /// An action the rules should take: at a time (or any), by a rule (or any).
    public struct Expectation: Sendable {
        public var offset: Int?
        public var ruleID: String?
        public var actions: [Action]
        /// `rule:` without `actions:`: the rule acts, whatever it does.
        public var anyActions: Bool
        public var location: SourceLocation?

        public init(offset: Int?, ruleID: String?, actions: [Action], anyActions: Bool = false, location: SourceLocation? = nil) {
            self.offset = offset
            self.ruleID = ruleID
            self.actions = actions
            self.anyActions = anyActions
            self.location = location
        }
    }

    public var name: String
    public var location: SourceLocation?
    /// When the virtual clock starts.
    public var start: Date
    public var timeZone: TimeZone
    public var conversation: ConversationSnapshot
    public var steps: [Step]
    /// Every action the rules should take, in any order; nothing else may be taken.
    public var expected: [Expectation]
    /// How long the virtual clock runs, in seconds after the start, so that timers due
    /// after the last event fire; by default it stops at the last event.
    public var until: Int?

    public init(name: String, location: SourceLocation? = nil, start: Date, timeZone: TimeZone, conversation: ConversationSnapshot,
                steps: [Step], expected: [Expectation], until: Int? = nil) {
        self.name = name
        self.location = location
        self.start = start
        self.timeZone = timeZone
        self.conversation = conversation
        self.steps = steps
        self.expected = expected
        self.until = until
    }
}
