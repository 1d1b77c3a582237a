import InboxBotCore

extension Executor {
    /// An action come due, with its pool resolved, or why it cannot be.
    public struct DueAction: Sendable {
        public let entry: OutboxEntry
        let action: Result<RenderedAction, Unresolvable>

        public var key: String { entry.key }
        public var conversationID: String { entry.conversationID }
    }
}
