import Foundation
import InboxBotCore

/// Hilos's history, as far as its API shows it: each conversation's creation and first
/// message, for `replay --from hilos` and `explain --conversation`.
struct HilosHistoryReader: HistorySource {
    let client: HilosClient
    let memory: HilosConversationMemory
    var maximumPages = 100

    func events(conversationID: String, since: Date?) async throws -> [Event] {
        guard let conversation = await memory.conversation(conversationID) else {
            throw HilosError.notFound("no Hilos conversation \(conversationID) is known yet; Hilos lists conversations only in pages")
        }
        return Self.events(of: conversation, since: since)
    }

    func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> [Event] {
        var events: [Event] = []
        for number in 1...maximumPages {
            let page = try await client.conversations(page: number, pageSize: 100)
            for conversation in page.results {
                await memory.remember(conversation)
                events += Self.events(of: conversation, since: since)
            }
            progress(number, number + (page.next == nil ? 0 : 1))
            guard page.next != nil else { break }
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    static func events(of conversation: HilosConversation, since: Date?) -> [Event] {
        // An undated first message counts from the conversation's creation (history has no clock).
        guard let created = conversation.createdAt else { return [] }
        return HilosEventMapper.creationEvents(of: conversation, snapshot: HilosEventMapper.snapshot(of: conversation), source: "history", undated: created)
            .filter { $0.time >= (since ?? .distantPast) }
    }
}
