import Foundation
import InboxBotCore

/// The conversations as this connector last read them, shared by its poller and its actions:
/// Hilos has no endpoint for one conversation, only lists (of everything, or of one contact's).
/// And the contacts read, as a conversation in the list names its contact by id only.
actor HilosConversationMemory {
    private var conversations: [String: HilosConversation] = [:]
    private var contacts: [String: HilosContact] = [:]
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

    func remember(_ contact: HilosContact) {
        if contacts[contact.id] == nil, contacts.count >= capacity {
            for key in contacts.keys.prefix(capacity / 2) { contacts[key] = nil }
        }
        contacts[contact.id] = contact
    }

    func contact(_ id: String?) -> HilosContact? {
        id.flatMap { contacts[$0] }
    }
}
