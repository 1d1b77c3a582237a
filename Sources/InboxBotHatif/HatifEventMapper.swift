import Foundation
import InboxBotCore

/// Turns Hatif conversations and timeline entries into inboxbot's normalized events.
///
/// | timeline entry | event |
/// |---|---|
/// | WhatsApp, inbound | `message.received` |
/// | WhatsApp, outbound or internal | `message.sent` (direction outbound or internal) |
/// | call | `call.answered`, `call.missed`, `call.no_answer`, `call.rejected`, `call.cancelled`, `call.failed` by its status |
/// | assignation | `conversation.assigned` |
public struct HatifEventMapper: Sendable {
    /// User ids (membership id and user id both) to emails, so rules can name users by email.
    public let userEmails: [String: String]
    /// Tag ids to names, for conversations that give their tags by id.
    public let tagNames: [String: String]

    public init(users: [HatifUser] = [], tags: [HatifTag] = []) {
        var emails: [String: String] = [:]
        for user in users {
            guard let email = user.email else { continue }
            emails[user.id] = email
            if let userID = user.userID { emails[userID] = email }
        }
        userEmails = emails
        tagNames = Dictionary(tags.compactMap { tag in tag.name.map { (tag.id, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The name of a tag, given or known; an id no list names stays an id, so a rule still
    /// sees that the conversation has a tag.
    public func name(of tag: HatifTag) -> String {
        tag.name ?? tagNames[tag.id] ?? tag.id
    }

    /// Events for `newItems` (in any order), each with the conversation as it stood then.
    /// `tally` holds what earlier entries said and is brought up to date.
    public func events(for conversation: HatifConversation, newItems: [HatifTimelineEvent], tally: inout ConversationTally) -> [Event] {
        let ordered = HatifTimelineEvent.inChronologicalOrder(newItems)
        return ordered.map { item in
            tally.apply(item)
            return event(for: item, in: conversation, tally: tally)
        }
    }

    func event(for item: HatifTimelineEvent, in conversation: HatifConversation, tally: ConversationTally) -> Event {
        var snapshot = snapshot(of: conversation, tally: tally)
        let time = item.creationTime ?? conversation.lastActivityAt ?? Date(timeIntervalSince1970: 0)
        var metadata = [Event.platformEventIDKey: item.eventID]
        if let sourceID = item.sourceID { metadata["hatif_source_id"] = sourceID }

        if item.isAssignment {
            let assignee = item.assignation?.assignedUserID.map(email) ?? item.assignation?.assignedAIAgentID
            snapshot.assignee = assignee
            return Event(id: item.eventID, type: .conversationAssigned, time: time, conversation: snapshot, metadata: metadata)
        }
        let direction = Self.direction(item)
        if item.isCall {
            let status = Self.callStatus(item)
            return Event(
                id: item.eventID, type: status.eventType, time: time, conversation: snapshot,
                call: Call(direction: direction == .outbound ? .outbound : .inbound, status: status, durationSeconds: item.durationSeconds),
                metadata: metadata)
        }
        let message = Message(
            id: item.sourceID, direction: direction,
            type: item.hasAttachment ? .document : .text,
            body: item.body,
            status: Self.deliveryStatus(item.status),
            sender: direction == .inbound ? nil : (item.isAI ? "ai" : item.ownerUserID.map(email)))
        return Event(
            id: item.eventID, type: direction == .inbound ? .messageReceived : .messageSent, time: time,
            conversation: snapshot, message: message, metadata: metadata)
    }

    /// The conversation snapshot, with the derived unread count and reply times.
    public func snapshot(of conversation: HatifConversation, tally: ConversationTally) -> ConversationSnapshot {
        ConversationSnapshot(
            id: conversation.id,
            platform: "hatif",
            status: conversation.isOpen ? .open : .closed,
            platformStatus: conversation.statusName,
            tags: (conversation.tags ?? []).map(name),
            unread: tally.unread,
            channel: Channel(id: conversation.channel?.id ?? conversation.channelID, name: conversation.channel?.name),
            assignee: conversation.assigneeID.map(email) ?? conversation.assignedAIAgentID,
            assigneeName: conversation.assigneeName,
            contact: Contact(id: conversation.contactID, name: conversation.contactName, phone: conversation.phoneNumber),
            createdAt: tally.firstEventAt,
            assignedAt: tally.assignedAt,
            lastInboundAt: tally.lastInboundAt,
            lastOutboundAt: tally.lastOutboundAt)
    }

    func email(_ userID: String) -> String {
        userEmails[userID] ?? userID
    }

    static func direction(_ item: HatifTimelineEvent) -> Direction {
        switch item.direction {
        case .inbound: .inbound
        case .internal: .internal
        case .outbound, nil: .outbound
        }
    }

    /// A call's outcome from its status text. An unknown status is read from the
    /// duration: a call that lasted was answered, one that did not was missed.
    static func callStatus(_ item: HatifTimelineEvent) -> CallStatus {
        let status = (item.status ?? "").lowercased().filter(\.isLetter)
        switch status {
        case "answered", "completed": return .answered
        case "missed": return .missed
        case "noanswer": return .noAnswer
        case "rejected", "rejectedbycaller", "rejectedbycallee": return .rejected
        case "cancelled", "canceled": return .cancelled
        case "failed": return .failed
        default: return item.durationSeconds > 0 ? .answered : .missed
        }
    }

    static func deliveryStatus(_ text: String?) -> DeliveryStatus? {
        text.flatMap { DeliveryStatus(rawValue: $0.lowercased()) }
    }
}
