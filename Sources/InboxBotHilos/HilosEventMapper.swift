import Foundation
import InboxBotCore

/// Turns Hilos conversations into the normalized model. A conversation's id becomes
/// `hilos:<uuid>`; its first message's event `hilos:message:<id>`. Hilos shows no message
/// after the first, so the unread count is 1 while it waits for an answer (`NEW`), else 0.
enum HilosEventMapper {
    static let platform = "hilos"

    static func status(_ hilos: String) -> ConversationStatus {
        PlatformCapabilities.hilos.platformStatuses.first { $0.name == hilos }?.status ?? .open
    }

    static func snapshot(of conversation: HilosConversation, contact: HilosContact? = nil) -> ConversationSnapshot {
        let first = conversation.firstMessage
        let assignee = conversation.assigned.first
        return ConversationSnapshot(
            id: HilosID.qualified(conversation.id), platform: platform, status: status(conversation.status), platformStatus: conversation.status,
            tags: conversation.tags, unread: conversation.status == "NEW" ? 1 : 0,
            channel: Channel(id: conversation.channel.map(String.init), name: conversation.channel.map { "WhatsApp channel \($0)" }),
            assignee: assignee.map { $0.email ?? String($0.id) }, assigneeName: assignee?.name,
            contact: Contact(id: conversation.contact, name: contact?.name, phone: contact?.phone),
            createdAt: conversation.createdAt,
            lastInboundAt: first?.inbound == true ? first?.time : nil, lastOutboundAt: first?.inbound == false ? first?.time : nil)
    }

    /// A conversation's beginning as Hilos shows it: `conversation.created` and its first
    /// message, for the poller (a conversation first seen) and the history alike.
    static func creationEvents(of conversation: HilosConversation, snapshot: ConversationSnapshot, source: String, undated: Date) -> [Event] {
        var events: [Event] = []
        if let created = conversation.createdAt {
            events.append(Event(id: HilosID.qualified("\(conversation.id):created"), type: .conversationCreated, time: created, conversation: snapshot,
                                metadata: ["source": source]))
        }
        if let message = firstMessageEvent(of: conversation, snapshot: snapshot, source: source, undated: undated) { events.append(message) }
        return events
    }

    /// The id of a message's event, whichever way it came: polled, or pushed by a flow.
    static func messageEventID(_ messageID: String) -> String {
        HilosID.qualified("message:" + messageID)
    }

    /// The first message's event, the only message Hilos shows.
    static func firstMessageEvent(of conversation: HilosConversation, snapshot: ConversationSnapshot, source: String, undated: Date) -> Event? {
        guard let message = conversation.firstMessage else { return nil }
        return Event(
            id: messageEventID(message.id), type: message.inbound ? .messageReceived : .messageSent, time: message.time ?? undated,
            conversation: snapshot,
            message: Message(id: message.id, direction: message.inbound ? .inbound : .outbound, body: message.body, sender: message.sentBy),
            metadata: [Event.platformEventIDKey: message.id, "source": source])
    }
}
