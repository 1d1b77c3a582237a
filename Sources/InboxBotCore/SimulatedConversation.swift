import Foundation

/// A conversation kept in memory as a platform would keep it, for rule tests: events
/// change it (a customer's message adds to unread; a reply clears it), and so do the
/// rules' own actions (a tag, an assignment, a send), so that each event in a test sees
/// what the rules before it did.
public struct SimulatedConversation: Sendable {
    public private(set) var snapshot: ConversationSnapshot
    /// Round-robin turns, per pool, as the worker keeps them.
    private var turns: [[String]: Int] = [:]

    public init(_ snapshot: ConversationSnapshot) {
        self.snapshot = snapshot
    }

    /// Takes in what an event says happened, and returns the event with the conversation
    /// as it is just after (as a platform's webhook shows it).
    public mutating func record(_ event: Event) -> Event {
        let time = event.time
        switch event.type {
        case .messageReceived:
            snapshot.unread += 1
            snapshot.lastInboundAt = time
        case .messageSent:
            snapshot.unread = 0
            snapshot.lastOutboundAt = time
        case .callMissed, .callNoAnswer, .callRejected, .callCancelled, .callFailed:
            if event.call?.direction == .inbound {
                snapshot.unread += 1
                snapshot.lastInboundAt = time
            }
        case .callAnswered:
            snapshot.unread = 0
            if event.call?.direction == .inbound { snapshot.lastInboundAt = time } else { snapshot.lastOutboundAt = time }
        case .conversationCreated:
            snapshot.createdAt = snapshot.createdAt ?? time
        case .conversationAssigned:
            snapshot.assignee = event.conversation.assignee
            snapshot.assignedAt = time
        case .conversationTagged:
            snapshot.tags = event.conversation.tags
        case .conversationClosed:
            snapshot.status = .closed
        case .conversationReopened:
            snapshot.status = .open
        case .conversationStatusChanged:
            snapshot.status = event.conversation.status
            snapshot.platformStatus = event.conversation.platformStatus
        case .messageStatus:
            break
        }
        var seen = event
        seen.conversation = snapshot
        return seen
    }

    /// Applies a change a test step reports, before its event is recorded.
    mutating func change(_ change: RuleTest.Change, at time: Date) {
        switch change {
        case .assign(let user?): _ = apply(.assign(user: user), at: time, eventID: "")
        case .assign(nil): _ = apply(.unassign, at: time, eventID: "")
        case .addTags(let tags): _ = apply(.addTags(tags), at: time, eventID: "")
        case .removeTags(let tags): _ = apply(.removeTags(tags), at: time, eventID: "")
        case .status(let status): snapshot.status = status
        case .platformStatus(let status): snapshot.platformStatus = status
        }
    }

    /// Carries out a rule's action on the conversation, at `time`, and returns the event the
    /// platform then shows: the bot's own outbound message for a send (which only
    /// `own_messages` rules see), an assignment or a tag change for the others.
    public mutating func apply(_ action: RenderedAction, at time: Date, eventID: String) -> Event? {
        switch action {
        case .assign(let user):
            snapshot.assignee = user
            snapshot.assignedAt = time
            return Event(id: eventID, type: .conversationAssigned, time: time, conversation: snapshot)
        case .assignRoundRobin(let pool):
            guard !pool.isEmpty else { return nil }
            let turn = turns[pool, default: 0]
            turns[pool] = turn + 1
            return apply(.assign(user: pool[turn % pool.count]), at: time, eventID: eventID)
        case .assignFromPool(let pool):
            // One conversation: no load to compare, so the first in turn among those on duty.
            let onDuty = pool.members.map(\.user)
            guard !onDuty.isEmpty else { return pool.fallback.flatMap { apply(.assign(user: $0), at: time, eventID: eventID) } }
            let turn = turns[pool.rotation, default: 0]
            turns[pool.rotation] = turn + 1
            let next = pool.rotation.indices.lazy.map { pool.rotation[(turn + $0) % pool.rotation.count] }.first(where: onDuty.contains) ?? onDuty[0]
            return apply(.assign(user: next), at: time, eventID: eventID)
        case .unassign:
            snapshot.assignee = nil
            return Event(id: eventID, type: .conversationAssigned, time: time, conversation: snapshot)
        case .addTags(let tags):
            for tag in tags where !snapshot.tags.contains(tag) { snapshot.tags.append(tag) }
            return Event(id: eventID, type: .conversationTagged, time: time, conversation: snapshot)
        case .removeTags(let tags):
            snapshot.tags.removeAll { tags.contains($0) }
            return Event(id: eventID, type: .conversationTagged, time: time, conversation: snapshot)
        case .sendText(let text):
            return record(Event(id: eventID, type: .messageSent, time: time, conversation: snapshot,
                                message: Message(direction: .outbound, body: text, sender: "bot")))
        case .sendTemplate(let template):
            return record(Event(id: eventID, type: .messageSent, time: time, conversation: snapshot,
                                message: Message(direction: .outbound, type: .template, body: template.body.joined(separator: " "), sender: "bot")))
        case .setContactProperties(let values):
            // Later events see the contact's new properties; the platform reports no event for it.
            snapshot.contact.properties.merge(values) { _, new in new }
            return nil
        case .createConversation, .runFlow, .assignTeam, .optOut, .optIn, .callEndpoint:
            // A flow's doings and a team are the platform's to know; no simulated event would be true.
            // An opt-out is the bot's own record and changes nothing on the platform.
            return nil
        case .close, .reopen:
            let closing = action == .close
            guard snapshot.status != (closing ? .closed : .open) else { return nil }
            snapshot.status = closing ? .closed : .open
            return Event(id: eventID, type: closing ? .conversationClosed : .conversationReopened, time: time, conversation: snapshot)
        }
    }
}
