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
    struct Edits: Sendable {
        var addedTags: [String] = []
        var removedTags: Set<String> = []
        /// .some(nil): the dry run unassigned it.
        var assignee: String?? = nil
        var status: ConversationStatus?
        var properties: [String: String] = [:]
        var lastOutboundAt: Date?
        var touched = 0

        var isEmpty: Bool {
            addedTags.isEmpty && removedTags.isEmpty && assignee == nil && status == nil && properties.isEmpty && lastOutboundAt == nil
        }
    }

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
        switch event.type {
        case .conversationAssigned where !event.isSentByBot: edits.values[index].assignee = nil
        case .conversationClosed, .conversationReopened, .conversationStatusChanged: edits.values[index].status = nil
        default: break
        }
        Self.overlay(&edits.values[index], on: &event.conversation)
    }

    /// The conversation as a live run would see it (for a timer that comes due).
    public func conversation(_ snapshot: ConversationSnapshot) -> ConversationSnapshot {
        guard let changed = edits[snapshot.id] else { return snapshot }
        var seen = snapshot
        Self.overlay(changed, on: &seen)
        return seen
    }

    /// Takes in the actions a decision would have carried out on `snapshot` (as the rules
    /// saw it), and returns the events the platform would then have shown: the bot's own
    /// message for a send, an assignment, a tag change.
    public mutating func record(_ actions: [RenderedAction], on snapshot: ConversationSnapshot, at time: Date, eventID: String) -> [Event] {
        var simulated = SimulatedConversation(snapshot)
        let shown = actions.compactMap { simulated.apply($0, at: time, eventID: eventID) }
        let after = simulated.snapshot
        // A conversation's edits are changed in place.
        if let index = edits.index(forKey: snapshot.id) {
            Self.merge(after, over: snapshot, into: &edits.values[index])
            // Emptied by what the platform reported since (`see`), and still so: not touched.
            if !edits.values[index].isEmpty { edits.values[index].touched = nextTouch() }
            return shown
        }
        var changed = Edits()
        Self.merge(after, over: snapshot, into: &changed)
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

    /// What the actions changed from `before` to `after`, taken into `changed`.
    private static func merge(_ after: ConversationSnapshot, over before: ConversationSnapshot, into changed: inout Edits) {
        // Most actions leave tags and properties alone: then both are the very same storage,
        // and comparing them costs nothing.
        if after.tags != before.tags {
            for tag in after.tags where !before.tags.contains(tag) {
                changed.removedTags.remove(tag)
                if !changed.addedTags.contains(tag) { changed.addedTags.append(tag) }
            }
            for tag in before.tags where !after.tags.contains(tag) {
                changed.addedTags.removeAll { $0 == tag }
                changed.removedTags.insert(tag)
            }
        }
        if after.assignee != before.assignee { changed.assignee = .some(after.assignee) }
        if after.status != before.status { changed.status = after.status }
        if after.contact.properties != before.contact.properties {
            for (name, value) in after.contact.properties where before.contact.properties[name] != value { changed.properties[name] = value }
        }
        if after.lastOutboundAt != before.lastOutboundAt { changed.lastOutboundAt = after.lastOutboundAt }
    }

    private mutating func forgetLeastRecent() {
        let oldest = edits.sorted { $0.value.touched < $1.value.touched }.prefix(max(1, edits.count / 4))
        for (id, _) in oldest { edits[id] = nil }
    }

    /// `changed` in place, for an entry of `edits` (`&edits.values[index]`): the dictionary's
    /// getter would copy it, four reference counts each way, for every event.
    static func overlay(_ changed: inout Edits, on snapshot: inout ConversationSnapshot) {
        overlay(changed, on: &snapshot)
    }

    static func overlay(_ changed: borrowing Edits, on snapshot: inout ConversationSnapshot) {
        // Each field is written only when it changes: a snapshot shares its fields with the
        // platform's until the first write (copy on write).
        if !changed.removedTags.isEmpty, snapshot.tags.contains(where: changed.removedTags.contains) {
            snapshot.tags.removeAll { changed.removedTags.contains($0) }
        }
        for tag in changed.addedTags where !snapshot.tags.contains(tag) { snapshot.tags.append(tag) }
        if let assignee = changed.assignee, assignee != snapshot.assignee {
            snapshot.assignee = assignee
            snapshot.assigneeName = nil
        }
        if let status = changed.status, status != snapshot.status { snapshot.status = status }
        for (name, value) in changed.properties where snapshot.contact.properties[name] != value { snapshot.contact.properties[name] = value }
        if let sent = changed.lastOutboundAt, sent > (snapshot.lastOutboundAt ?? .distantPast) {
            snapshot.lastOutboundAt = sent
            // A reply clears unread on the platform, unless the customer wrote again since.
            if sent >= (snapshot.lastInboundAt ?? .distantPast) { snapshot.unread = 0 }
        }
    }
}
