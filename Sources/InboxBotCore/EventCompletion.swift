import Foundation

/// What processing one event (or one due timer) produced, committed with the event's mark
/// as processed: its actions for the outbox, the rules that fired (for `once` and
/// `cooldown`), its audit, and the waits it starts and ends.
public struct EventCompletion: Sendable {
    public var eventID: String
    public var actions: [OutboxEntry]
    public var firings: [(rule: String, conversation: String)]
    /// When the rules fired: the event's own time, as evaluation compares it.
    public var firedAt: Date
    public var audit: [AuditRecord]
    /// The waits the event starts and ends.
    public var timers: TimerChanges?
    /// Opt-outs, opt-ins and sends to record about contacts.
    public var contactChanges: [ContactChange] = []
    /// The conversation's assignee and openness as the event showed them, for pools' counts.
    public var assignment: ConversationAssignment?
    /// Set when this completes a due timer rather than an event: the timer's key, marked fired.
    public var firedTimer: String?

    public init(eventID: String, actions: [OutboxEntry] = [], firings: [(rule: String, conversation: String)] = [], firedAt: Date, audit: [AuditRecord] = [],
                timers: TimerChanges? = nil, firedTimer: String? = nil) {
        self.eventID = eventID
        self.actions = actions
        self.firings = firings
        self.firedAt = firedAt
        self.audit = audit
        self.timers = timers
        self.firedTimer = firedTimer
    }
}
