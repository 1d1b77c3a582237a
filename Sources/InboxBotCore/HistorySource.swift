import Foundation

/// A platform's history, read-only.
public protocol HistorySource: Sendable {
    /// One conversation's events since `since` (all that can be read when nil), oldest first.
    func events(conversationID: String, since: Date?) async throws -> [Event]

    /// Every conversation's events since `since`, oldest first; `progress` is told each
    /// conversation read and how many are to be read.
    func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> [Event]
}
