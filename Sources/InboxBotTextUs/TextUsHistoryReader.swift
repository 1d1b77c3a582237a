import Foundation
import InboxBotCore

/// TextUs's history, read-only: a conversation's timeline as events, for `replay --from
/// textus` and `explain --conversation`.
struct TextUsHistoryReader: HistorySource {
    let client: TextUsClient
    let directory: TextUsDirectory
    var maximumPages = 50

    func events(conversationID: String, since: Date?) async throws -> [Event] {
        let conversation = try await client.conversation(id: conversationID)
        var items: [TextUsTimelineItem] = []
        var next: String?
        for _ in 0..<maximumPages {
            let page = try await client.timeline(conversationID: conversationID, next: next)
            items += page.members
            guard let link = page.next, (page.members.compactMap(\.position).min() ?? .distantPast) >= (since ?? .distantPast) else { break }
            next = link
        }
        let ordered = TextUsEventMapper.chronological(items)
        var tally = ConversationTally()
        let earlier = ordered.filter { ($0.position ?? .distantPast) < (since ?? .distantPast) }
        for item in earlier { TextUsEventMapper.apply(item, to: &tally) }
        let mapper = try await directory.mapper()
        return mapper.events(for: conversation, newItems: Array(ordered.dropFirst(earlier.count)), tally: &tally, source: "history", undated: Date())
    }

    func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> [Event] {
        var conversations: [String] = []
        var next: String?
        listing: for _ in 0..<maximumPages {
            let page = try await client.conversations(filter: "all", next: next)
            for conversation in page.members {
                // Newest message first: the rest are older.
                guard (conversation.latestActivity ?? .distantFuture) >= since else { break listing }
                conversations.append(conversation.id)
            }
            guard let link = page.next else { break }
            next = link
        }
        var events: [Event] = []
        for (index, id) in conversations.enumerated() {
            events += try await self.events(conversationID: id, since: since)
            progress(index + 1, conversations.count)
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }
}
