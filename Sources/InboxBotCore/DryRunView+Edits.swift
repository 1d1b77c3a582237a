import Foundation

extension DryRunView {
    /// What the dry run changed on one conversation, and how it is laid over what the
    /// platform shows. `DryRunView` keeps one per conversation by id; a replay keeps them
    /// beside its snapshots, by the place it already found for each event.
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

        /// The event's conversation as a live run would see it, in place. A change the
        /// platform reports of the same thing (a person assigns, closes or reopens) ends the
        /// dry run's own first.
        mutating func see(_ event: inout Event) {
            switch event.type {
            case .conversationAssigned where !event.isSentByBot: assignee = nil
            case .conversationClosed, .conversationReopened, .conversationStatusChanged: status = nil
            default: break
            }
            overlay(on: &event.conversation)
        }

        func overlaid(on snapshot: ConversationSnapshot) -> ConversationSnapshot {
            guard !isEmpty else { return snapshot }
            var seen = snapshot
            overlay(on: &seen)
            return seen
        }

        func overlay(on snapshot: inout ConversationSnapshot) {
            // Each field is written only when it changes: a snapshot shares its fields with the
            // platform's until the first write (copy on write).
            if !removedTags.isEmpty, snapshot.tags.contains(where: removedTags.contains) {
                snapshot.tags.removeAll { removedTags.contains($0) }
            }
            for tag in addedTags where !snapshot.tags.contains(tag) { snapshot.tags.append(tag) }
            if let assignee, assignee != snapshot.assignee {
                snapshot.assignee = assignee
                snapshot.assigneeName = nil
            }
            if let status, status != snapshot.status { snapshot.status = status }
            for (name, value) in properties where snapshot.contact.properties[name] != value { snapshot.contact.properties[name] = value }
            if let sent = lastOutboundAt, sent > (snapshot.lastOutboundAt ?? .distantPast) {
                snapshot.lastOutboundAt = sent
                // A reply clears unread on the platform, unless the customer wrote again since.
                if sent >= (snapshot.lastInboundAt ?? .distantPast) { snapshot.unread = 0 }
            }
        }

        /// Takes in the actions a decision would have carried out on `snapshot` (as the rules
        /// saw it); returns the events the platform would then have shown.
        mutating func record(_ actions: some Sequence<RenderedAction>, on snapshot: ConversationSnapshot, at time: Date, eventID: String) -> [Event] {
            var simulated = SimulatedConversation(snapshot)
            let shown = actions.compactMap { simulated.apply($0, at: time, eventID: eventID) }
            merge(simulated.snapshot, over: snapshot)
            return shown
        }

        /// What the actions changed from `before` to `after`, taken in.
        private mutating func merge(_ after: ConversationSnapshot, over before: ConversationSnapshot) {
            // Most actions leave tags and properties alone: then both are the very same storage,
            // and comparing them costs nothing.
            if after.tags != before.tags {
                for tag in after.tags where !before.tags.contains(tag) {
                    // Looked at only when some tag was removed: `remove` hashes the tag even from an empty set.
                    if !removedTags.isEmpty { removedTags.remove(tag) }
                    if !addedTags.contains(tag) { addedTags.append(tag) }
                }
                for tag in before.tags where !after.tags.contains(tag) {
                    addedTags.removeAll { $0 == tag }
                    removedTags.insert(tag)
                }
            }
            if after.assignee != before.assignee { assignee = .some(after.assignee) }
            if after.status != before.status { status = after.status }
            if after.contact.properties != before.contact.properties {
                for (name, value) in after.contact.properties where before.contact.properties[name] != value { properties[name] = value }
            }
            if after.lastOutboundAt != before.lastOutboundAt { lastOutboundAt = after.lastOutboundAt }
        }
    }
}
