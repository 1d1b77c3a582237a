import Foundation
import InboxBotCore

/// Reads what already happened, read-only, as events: one conversation's recent timeline
/// (for `inboxbot explain --conversation`) or every conversation active since a time (for
/// `inboxbot replay --from hatif`). Each event carries the conversation's tally as it stood
/// then; its tags, status and assignee are as they are now, which is all the API shows.
public struct HatifHistoryReader: HistorySource {
    let client: HatifClient
    let directory: HatifDirectory
    let pageSize: Int
    /// Timeline pages read per conversation at most, so one huge conversation cannot stall a read.
    let maximumPages: Int

    public init(client: HatifClient, directory: HatifDirectory? = nil, pageSize: Int = 100, maximumPages: Int = 20) {
        self.client = client
        self.directory = directory ?? HatifDirectory(client: client)
        self.pageSize = pageSize
        self.maximumPages = maximumPages
    }

    /// The conversation's events since `since` (all that was read when nil), oldest first.
    public func events(conversationID: String, since: Date? = nil) async throws(HatifError) -> [Event] {
        let conversation = try await client.conversation(id: conversationID)
        return try await events(of: conversation, since: since, mapper: try await directory.mapper(for: [conversation]))
    }

    /// Events of every conversation on every channel with activity since `since`, oldest
    /// first. `progress` is told each conversation read, and how many are to be read.
    public func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws(HatifError) -> [Event] {
        var active: [HatifConversation] = []
        for channelID in try await directory.channelIDs() {
            var skip = 0
            listing: while true {
                let page = try await client.conversations(channelID: channelID, skip: skip, limit: pageSize)
                for conversation in page.items {
                    // Newest activity first: the rest of the channel is older.
                    guard let activity = conversation.lastActivityAt, activity >= since else { break listing }
                    active.append(conversation)
                }
                skip += page.items.count
                if page.items.count < pageSize || skip >= page.totalCount { break }
            }
        }
        let mapper = try await directory.mapper(for: active)
        var events: [Event] = []
        for (index, conversation) in active.enumerated() {
            events += try await self.events(of: conversation, since: since, mapper: mapper)
            progress(index + 1, active.count)
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    private func events(of conversation: HatifConversation, since: Date?, mapper: HatifEventMapper) async throws(HatifError) -> [Event] {
        var items: [HatifTimelineEvent] = []
        var skip = 0
        for _ in 0..<maximumPages {
            let page = try await client.timeline(conversationID: conversation.id, skip: skip, limit: pageSize)
            items += page.items
            skip += page.items.count
            let oldest = page.items.compactMap(\.creationTime).min()
            if page.items.count < pageSize || skip >= page.totalCount { break }
            if let since, let oldest, oldest < since { break }
        }
        // The tally runs over everything read, so unread counts before `since` are right too.
        var tally = ConversationTally()
        return mapper.events(for: conversation, newItems: items, tally: &tally).filter { since == nil || $0.time >= since ?? $0.time }
    }
}
