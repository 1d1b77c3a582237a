import Foundation
import InboxBotCore

/// What this connector knows of each chat: the chat as last read (by the poller's listing, a
/// read for a timer or an action, an action's answer) and the tally of its messages since.
///
/// A webhook must be answered within 5 s, and the rate limit (50 requests a minute) cannot
/// afford a read per delivery, so a delivery's conversation is completed from here, updated
/// with what the delivery itself says.
actor TimelinesAIChatCache {
    struct Entry: Sendable {
        var chat: TimelinesAIChat
        var tally: ConversationTally
        /// The newest messages counted, so that a repeated delivery counts once.
        var counted: [String] = []
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    /// Changes one path reported and the other has not seen yet, with when.
    private var reported: [String: ContinuousClock.Instant] = [:]

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func entry(_ chatID: String) -> Entry? {
        entries[chatID]
    }

    /// The chat as read now; the tally is replaced when given, else kept.
    func remember(_ chat: TimelinesAIChat, tally: ConversationTally? = nil) {
        var entry = entries[chat.id.value] ?? Entry(chat: chat, tally: ConversationTally())
        entry.chat = chat
        if let tally { entry.tally = tally }
        store(entry, for: chat.id.value)
    }

    /// A message seen in a chat, with the chat as the delivery describes it: counted in its
    /// tally once; returns the chat and tally after it, for the message's event.
    func note(_ message: TimelinesAIMessage, in chat: TimelinesAIChat) -> Entry {
        var entry = entries[chat.id.value] ?? Entry(chat: chat, tally: ConversationTally())
        entry.chat = chat
        if !entry.counted.contains(message.uid) {
            TimelinesAIEventMapper.apply(message, to: &entry.tally)
            entry.counted = Array((entry.counted + [message.uid]).suffix(32))
        }
        store(entry, for: chat.id.value)
        return entry
    }

    /// A change seen in a chat (say, its new responsible) that both a webhook and the poller
    /// may see: true for whichever reports it first, within `seconds`; the other then makes no
    /// event of it. (Workers sharing a database each have their own memory, so there a change
    /// seen by both paths on different workers can be reported twice.)
    func isFirstToReport(_ change: String, chat: String, within seconds: Double = 900) -> Bool {
        let key = chat + "|" + change
        let now = ContinuousClock.now
        reported = reported.filter { now - $0.value < .clampedSeconds(seconds) }
        if reported.removeValue(forKey: key) != nil { return false }
        if reported.count < capacity { reported[key] = now }
        return true
    }

    private func store(_ entry: Entry, for id: String) {
        // Bounded: past the capacity, half the chats are forgotten; a forgotten chat is read again.
        if entries[id] == nil, entries.count >= capacity {
            for key in entries.keys.prefix(capacity / 2) { entries[key] = nil }
        }
        entries[id] = entry
    }
}
