import Foundation

/// Who a conversation is assigned to and whether it is open, as of a time: the state store
/// keeps the latest of each conversation, to count an agent's open conversations for pools.
public struct ConversationAssignment: Sendable, Hashable {
    public var conversationID: String
    /// Lowercased, as pools compare users.
    public var assignee: String?
    public var open: Bool
    public var at: Date

    public init(conversationID: String, assignee: String?, open: Bool, at: Date) {
        self.conversationID = conversationID
        self.assignee = assignee?.lowercased()
        self.open = open
        self.at = at
    }

    /// As a conversation's snapshot shows it at `time`.
    public init(_ conversation: ConversationSnapshot, at time: Date) {
        self.init(conversationID: conversation.id, assignee: conversation.assignee, open: conversation.status != .closed, at: time)
    }
}
