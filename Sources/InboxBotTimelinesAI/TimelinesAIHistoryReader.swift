import Foundation
import InboxBotCore

/// TimelinesAI's history, read-only: a chat's messages as events, for `replay --from
/// timelinesai` and `explain --conversation`.
struct TimelinesAIHistoryReader: HistorySource {
    let client: TimelinesAIClient
    var maximumPages = 50

    func events(conversationID: String, since: Date?) async throws -> [Event] {
        let chatID = try TimelinesAIClient.chatNumber(conversationID)
        let chat = try await client.chat(id: chatID)
        var messages: [TimelinesAIMessage] = []
        for page in 1...maximumPages {
            let answer = try await client.messages(chatID: chatID, after: since ?? Date(timeIntervalSince1970: 0), page: page)
            messages += answer.items
            guard answer.hasMorePages else { break }
        }
        var tally = ConversationTally()
        return TimelinesAIEventMapper.events(for: chat, newMessages: TimelinesAIEventMapper.chronological(messages), tally: &tally, source: "history", undated: Date())
    }

    func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> [Event] {
        var chats: [String] = []
        for page in 1...maximumPages {
            let answer = try await client.chats(page: page)
            // Not ordered by activity: every page is read, and the chats active since kept.
            chats += answer.items.filter { ($0.lastMessageAt ?? .distantFuture) >= since }.map(\.id.value)
            guard answer.hasMorePages else { break }
        }
        var events: [Event] = []
        for (index, id) in chats.enumerated() {
            events += try await self.events(conversationID: id, since: since)
            progress(index + 1, chats.count)
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }
}
