import Foundation

/// What one poll read: its events, the cursor that follows them, and whether the poller
/// stopped with more already waiting (a bounded poll in the middle of a round over a long
/// list), so the next poll should come without backing off.
public struct PollResult: Sendable {
    public var events: [Event]
    public var cursor: Data
    public var moreToRead: Bool

    public init(events: [Event], cursor: Data, moreToRead: Bool = false) {
        self.events = events
        self.cursor = cursor
        self.moreToRead = moreToRead
    }
}
