import Foundation
import InboxBotCore

/// Turns TimelinesAI chats and messages into the normalized model.
///
/// A chat's id becomes `timelinesai:<id>`, a message's event `timelinesai:message:<uid>`, the
/// same by webhook and by polling. Internal notes (`message_type: Note`) are agents' notes to
/// each other, not messages to or from the customer: they make no event, and count as the
/// team's answer in the tally (as Hatif's notes do), so a noted chat no longer waits.
enum TimelinesAIEventMapper {
    static let platform = "timelinesai"

    static func snapshot(of chat: TimelinesAIChat, tally: ConversationTally) -> ConversationSnapshot {
        ConversationSnapshot(
            id: TimelinesAIID.qualified(chat.id.value), platform: platform, status: chat.closed ? .closed : .open,
            platformStatus: chat.closed ? "closed" : "open", tags: chat.labels, unread: tally.unread,
            channel: Channel(id: chat.whatsappAccountID, name: chat.whatsappAccountID.map { "WhatsApp " + $0.prefix { $0 != "@" } }),
            assignee: chat.responsibleEmail, assigneeName: chat.responsibleName,
            contact: Contact(id: chat.phone, name: chat.name, phone: chat.phone),
            createdAt: chat.createdAt ?? tally.firstEventAt, assignedAt: tally.assignedAt, lastInboundAt: tally.lastInboundAt,
            lastOutboundAt: tally.lastOutboundAt)
    }

    static func messageEventID(_ uid: String) -> String {
        TimelinesAIID.qualified("message:" + uid)
    }

    /// Counts a message in the tally: inbound, our reply (outbound, or a note).
    static func apply(_ message: TimelinesAIMessage, to tally: inout ConversationTally) {
        if message.isNote {
            tally.noteReply(at: message.time, outbound: false)
        } else if message.fromMe {
            tally.noteReply(at: message.time, outbound: true)
        } else {
            tally.noteInbound(at: message.time)
        }
    }

    /// The event for a message with the chat as it stood after it; nil for a note.
    static func event(for message: TimelinesAIMessage, snapshot: ConversationSnapshot, source: String, undated: Date) -> Event? {
        guard !message.isNote else { return nil }
        return Event(
            id: messageEventID(message.uid), type: message.fromMe ? .messageSent : .messageReceived, time: message.time ?? undated,
            conversation: snapshot,
            message: Message(id: message.uid, direction: message.fromMe ? .outbound : .inbound, body: message.text,
                             sender: message.fromMe ? message.createdBy : message.senderName),
            metadata: [Event.platformEventIDKey: message.uid, "source": source, "origin": message.origin ?? ""].filter { !$0.value.isEmpty })
    }

    /// Messages read oldest first (`sorting_order=asc`), in time order: by the second (times
    /// have no fraction), and within a second as TimelinesAI listed them.
    static func chronological(_ messages: [TimelinesAIMessage]) -> [TimelinesAIMessage] {
        messages.enumerated().sorted { a, b in
            let (first, second) = ((a.element.time ?? .distantPast).wholeSecond, (b.element.time ?? .distantPast).wholeSecond)
            return first != second ? first < second : a.offset < b.offset
        }.map(\.element)
    }

    /// Events for a chat's new messages, given oldest first, each with the chat as it stood after
    /// it; `tally` is carried forward.
    static func events(for chat: TimelinesAIChat, newMessages: [TimelinesAIMessage], tally: inout ConversationTally, source: String, undated: Date) -> [Event] {
        newMessages.compactMap { message in
            apply(message, to: &tally)
            return event(for: message, snapshot: snapshot(of: chat, tally: tally), source: source, undated: undated)
        }
    }
}
