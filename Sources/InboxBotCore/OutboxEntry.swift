import Foundation

/// One action waiting to be carried out, or carried out, with everything needed to do it
/// after a restart.
public struct OutboxEntry: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for the executor (again, after `nextAttemptAt`).
        case pending
        /// Handed to the platform; a crash now leaves a send to be settled, never resent blindly.
        case inFlight = "in_flight"
        case done
        /// Retries ran out, or the platform refused it: it waits for an operator.
        case deadLetter = "dead_letter"
        /// It may or may not have happened, and must be settled against the platform.
        case unknown
        /// Recorded in a dry run; never carried out.
        case dryRun = "dry_run"
        /// A send kept back at the last moment: its contact opted out after it was queued.
        case withheld
    }

    /// The idempotency key: rule id, rule-set version, conversation, trigger event and action index.
    public var key: String
    public var ruleID: String
    public var ruleSetVersion: String
    public var conversationID: String
    public var eventID: String
    public var actionIndex: Int
    public var action: RenderedAction
    /// The conversation as the trigger event saw it: where to send, whom to assign.
    public var conversation: ConversationSnapshot
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The latest failure, or what the platform returned (a message's event id).
    public var detail: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the latest attempt was handed to the platform: a write that started then may
    /// still be applied after a crash, so settling waits from this time, not the restart.
    public var attemptedAt: Date?

    public init(
        ruleID: String, ruleSetVersion: String, conversation: ConversationSnapshot, eventID: String, actionIndex: Int,
        action: RenderedAction, state: State = .pending, at time: Date
    ) {
        key = Self.key(ruleID: ruleID, ruleSetVersion: ruleSetVersion, conversationID: conversation.id, eventID: eventID, actionIndex: actionIndex)
        self.ruleID = ruleID
        self.ruleSetVersion = ruleSetVersion
        conversationID = conversation.id
        self.eventID = eventID
        self.actionIndex = actionIndex
        self.action = action
        self.conversation = conversation
        self.state = state
        attempts = 0
        nextAttemptAt = time
        detail = nil
        createdAt = time
        updatedAt = time
    }

    public static func key(ruleID: String, ruleSetVersion: String, conversationID: String, eventID: String, actionIndex: Int) -> String {
        [ruleID, ruleSetVersion, conversationID, eventID, String(actionIndex)].joined(separator: "|")
    }
}
