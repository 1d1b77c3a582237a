import Foundation

/// A dry run's own view of the conversations: what its rules would have changed (tags,
/// assignee, status, contact properties, the time of the bot's last message), laid over
/// what the platform shows, so that later events are evaluated as a live run would have
/// evaluated them. Without it, a conversation a rule tagged `vip` reaches the next rule
/// untagged, and a conversation a rule assigned is "unassigned" again on its next message.
///
/// A change the platform later reports of the same thing (a person assigns, closes or
/// reopens) replaces the dry run's own. Tags stay laid over: a platform's tag list does not
/// say whether a person took off a tag it never had.
public struct DryRunView: Sendable {
    private var edits: [String: Edits] = [:]
    private var touches = 0
    /// Conversations kept; past it, the least recently touched quarter is forgotten.
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// How many conversations the dry run has changed (and still remembers).
    public var count: Int { edits.count }

    /// The event with its conversation as a live run would see it.
    public mutating func seen(_ event: Event) -> Event {
        var seen = event
        see(&seen)
        return seen
    }

    /// `seen(_:)` in place: an event no one else holds has its conversation changed without
    /// a copy (a copy of a snapshot's fields was a sixth of this view's cost in a replay).
    public mutating func see(_ event: inout Event) {
        // Changed in place: most events change nothing of the dry run's own.
        guard let index = edits.index(forKey: event.conversation.id) else { return }
        edits.values[index].see(&event)
    }

    /// The conversation as a live run would see it (for a timer that comes due).
    public func conversation(_ snapshot: ConversationSnapshot) -> ConversationSnapshot {
        guard let changed = edits[snapshot.id] else { return snapshot }
        return changed.overlaid(on: snapshot)
    }

    /// Takes in the actions a decision would have carried out on `snapshot` (as the rules
    /// saw it), and returns the events the platform would then have shown: the bot's own
    /// message for a send, an assignment, a tag change.
    public mutating func record(_ actions: [RenderedAction], on snapshot: ConversationSnapshot, at time: Date, eventID: String) -> [Event] {
        // A conversation's edits are changed in place.
        if let index = edits.index(forKey: snapshot.id) {
            let shown = edits.values[index].record(actions, on: snapshot, at: time, eventID: eventID)
            // Emptied by what the platform reported since (`see`), and still so: not touched.
            if !edits.values[index].isEmpty { edits.values[index].touched = nextTouch() }
            return shown
        }
        var changed = Edits()
        let shown = changed.record(actions, on: snapshot, at: time, eventID: eventID)
        guard !changed.isEmpty else { return shown }
        changed.touched = nextTouch()
        edits[snapshot.id] = changed
        if edits.count > capacity { forgetLeastRecent() }
        return shown
    }

    /// The next mark of recency, for `forgetLeastRecent`.
    private mutating func nextTouch() -> Int {
        touches += 1
        return touches
    }

    private mutating func forgetLeastRecent() {
        let oldest = edits.sorted { $0.value.touched < $1.value.touched }.prefix(max(1, edits.count / 4))
        for (id, _) in oldest { edits[id] = nil }
    }
}
