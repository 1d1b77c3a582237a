import Foundation
import InboxBotCore

/// Turns TextUs conversations and timeline members into the normalized model. Users are
/// named by email where the account's user list has one, so rules can say `sara@acme.com`.
struct TextUsEventMapper: Sendable {
    let users: [TextUsUser]

    static let platform = "textus"

    func snapshot(of conversation: TextUsConversation, tally: ConversationTally) -> ConversationSnapshot {
        let assignee = conversation.assignments?.first?.assignee
        let user = assignee.flatMap { link in users.first { $0.id == link.id } }
        // TextUs says only whether the conversation waits for an answer; the tally counts how many.
        let unread = tally.unread > 0 || conversation.unanswered != true ? tally.unread : 1
        return ConversationSnapshot(
            id: TextUsID.qualified(conversation.id), platform: Self.platform, status: conversation.isOpen ? .open : .closed,
            platformStatus: conversation.currentState, unread: unread,
            channel: Channel(id: conversation.accountPhoneNumber ?? conversation.account, name: conversation.account.map { String($0.split(separator: "/").last ?? "") }),
            assignee: assignee.map { user?.email ?? $0.email ?? $0.id }, assigneeName: user?.name ?? assignee?.name,
            contact: Contact(id: conversation.contact?.id, name: conversation.contact?.name, phone: conversation.phoneNumber),
            createdAt: tally.firstEventAt, assignedAt: tally.assignedAt, lastInboundAt: tally.lastInboundAt, lastOutboundAt: tally.lastOutboundAt)
    }

    /// Events for timeline members given oldest first, each with the conversation as it
    /// stood after it; `tally` is carried forward. A member TextUs printed no time for gets `undated`.
    func events(for conversation: TextUsConversation, newItems: [TextUsTimelineItem], tally: inout ConversationTally, source: String, undated: Date) -> [Event] {
        var events: [Event] = []
        for item in newItems {
            Self.apply(item, to: &tally)
            let snapshot = snapshot(of: conversation, tally: tally)
            switch item {
            case .message(let message):
                events.append(event(for: message, snapshot: snapshot, source: source, undated: undated))
            case .event, .other:
                // Only `open` is documented, and the API's own example shows it after the
                // messages (a reopening?). Creation, close, reopen and assignment are found by
                // comparing snapshots instead; these members count in the tally only.
                break
            }
        }
        return events
    }

    func event(for message: TextUsMessage, snapshot: ConversationSnapshot, source: String, undated: Date) -> Event {
        let sender = message.sender.map { link in users.first { $0.id == link.id }?.email ?? link.email ?? link.id }
        return Event(
            id: TextUsID.qualified(message.id), type: message.inbound ? .messageReceived : .messageSent, time: message.position ?? undated,
            conversation: snapshot,
            message: Message(id: message.id, direction: message.inbound ? .inbound : .outbound, body: message.body,
                             status: message.inbound ? nil : Self.deliveryStatus(message.deliveryState), sender: sender),
            metadata: [Event.platformEventIDKey: message.id, "source": source, "delivery_state": message.deliveryState ?? ""].filter { !$0.value.isEmpty })
    }

    /// A `message.status` event for an outbound message's new delivery state.
    func statusEvent(for message: TextUsMessage, snapshot: ConversationSnapshot, source: String, observedAt: Date) -> Event? {
        guard !message.inbound, let state = message.deliveryState, let status = Self.deliveryStatus(state) else { return nil }
        return Event(
            id: TextUsID.qualified("\(message.id):\(state)"), type: .messageStatus, time: observedAt, conversation: snapshot,
            message: Message(id: message.id, direction: .outbound, body: message.body, status: status),
            metadata: [Event.platformEventIDKey: message.id, "source": source, "delivery_state": state])
    }

    /// TextUs delivery states in the normalized set; `created`, `received` and unknown ones have none.
    static func deliveryStatus(_ state: String?) -> DeliveryStatus? {
        switch state?.lowercased() {
        case "scheduled", "queued": .pending
        // `unknown`: it went to the carrier, which never confirmed it.
        case "dispatched", "unknown": .sent
        case "delivered": .delivered
        case "failed", "failed_transient": .failed
        default: nil
        }
    }

    static func apply(_ item: TextUsTimelineItem, to tally: inout ConversationTally) {
        switch item {
        case .message(let message):
            if message.inbound { tally.noteInbound(at: message.position) } else { tally.noteReply(at: message.position, outbound: true) }
        case .event(let event):
            if tally.firstEventAt == nil { tally.firstEventAt = event.position }
            if event.assignee != nil { tally.assignedAt = event.position }
        case .other(_, _, let position):
            if tally.firstEventAt == nil { tally.firstEventAt = position }
        }
    }

    /// Timeline members (as the API lists them, newest first) oldest first. Its own example does
    /// not keep to that order, so they are sorted by time; but by the second, since the printed
    /// precision varies, and within a second in the API's order, reversed.
    static func chronological(_ items: [TextUsTimelineItem]) -> [TextUsTimelineItem] {
        items.enumerated().sorted { a, b in
            let (first, second) = ((a.element.position ?? .distantPast).wholeSecond, (b.element.position ?? .distantPast).wholeSecond)
            return first != second ? first < second : a.offset > b.offset
        }.map(\.element)
    }
}
