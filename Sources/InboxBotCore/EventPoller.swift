import Foundation

/// Reads what is new on a platform since a cursor. The worker keeps the cursor and
/// persists a new one only once the events of a poll are queued, so a failed hand-over
/// is polled again and nothing is lost.
public protocol EventPoller: Sendable {
    /// The cursor of a worker that first starts at `time`: nothing older is ever new.
    func initialCursor(startedAt time: Date) throws -> Data

    /// The events after `cursor`, oldest first within each conversation, and the cursor
    /// that follows them.
    func poll(from cursor: Data) async throws -> PollResult
}
