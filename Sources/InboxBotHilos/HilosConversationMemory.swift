import Foundation
import InboxBotCore

/// The conversations as this connector last read them, shared by its poller and its actions:
/// Hilos has no endpoint for one conversation, only lists (of everything, or of one contact's).
actor HilosConversationMemory {
    private var conversations: [String: HilosConversation] = [:]
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func remember(_ conversation: HilosConversation) {
        if conversations[conversation.id] == nil, conversations.count >= capacity {
            for key in conversations.keys.prefix(capacity / 2) { conversations[key] = nil }
        }
        conversations[conversation.id] = conversation
    }

    func conversation(_ id: String) -> HilosConversation? {
        conversations[HilosID.bare(id)]
    }
}
