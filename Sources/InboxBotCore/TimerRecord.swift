import Foundation

/// An armed timer: a time-based rule waiting on one conversation.
public struct TimerRecord: Sendable, Hashable, Codable {
    /// Rule, conversation and episode: arming the same wait twice keeps one timer.
    public var key: String
    public var ruleID: String
    public var conversationID: String
    /// What starts the wait, such as the inbound message's event id; a new episode arms anew.
    public var episode: String
    public var dueAt: Date
    public var armedAt: Date
    /// The event that started the wait; the rule's conditions and actions see it when the
    /// timer fires, with the conversation as it is then.
    public var event: Event?

    public init(ruleID: String, conversationID: String, episode: String, dueAt: Date, armedAt: Date, event: Event? = nil) {
        self.init(key: Self.key(ruleID: ruleID, conversationID: conversationID, episode: episode), ruleID: ruleID,
                  conversationID: conversationID, episode: episode, dueAt: dueAt, armedAt: armedAt, event: event)
    }

    /// With its key already made (`key(ruleID:conversationID:episode:)`), as arming makes it
    /// first to ask whether the episode has fired.
    init(key: String, ruleID: String, conversationID: String, episode: String, dueAt: Date, armedAt: Date, event: Event?) {
        self.key = key
        self.ruleID = ruleID
        self.conversationID = conversationID
        self.episode = episode
        self.dueAt = dueAt
        self.armedAt = armedAt
        self.event = event
    }

    /// A timer's key: `rule|conversation|episode`.
    static func key(ruleID: String, conversationID: String, episode: String) -> String {
        String(concatenating: ruleID, "|", conversationID, "|", episode)
    }

    /// The kind of wait, as the episode starts with it: `idle`, `customer_silent`, ….
    public var kind: Substring { Self.kind(ofEpisode: episode[...]) }

    /// `kind` as a string of its own, as the timer queue keeps it: read off the episode's
    /// bytes (a colon is never part of a longer character in UTF-8).
    var kindName: String {
        let name = episode.utf8.withContiguousStorageIfAvailable { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count)]), as: UTF8.self)
        }
        return name ?? String(kind)
    }

    /// An episode's kind: up to its first colon, found by bytes. A colon and a combining mark
    /// after it are one character, so by characters the kind would run on into an event id
    /// from outside (and breaking graphemes costs).
    static func kind(ofEpisode episode: Substring) -> Substring {
        episode[..<(episode.utf8.firstIndex(of: UInt8(ascii: ":")) ?? episode.endIndex)]
    }

    /// What a timer's firing is known by in the audit, as an event id is: `timer:` and its key.
    public static let firingPrefix = "timer:"
    public var firingID: String { String(concatenating: Self.firingPrefix, key) }

    /// The wait as people read it, "the idle wait (armed 2026-03-17T12:00:00Z)"; never the key.
    public var described: String { "the \(kind) wait (armed \(Timestamp.format(armedAt)))" }

    /// A timer's firing id as people read it, `timer(idle)`, one word as an event id is;
    /// any other id as it is.
    public static func readable(eventID: String) -> String {
        // The episode is what follows the key's last bar (by bytes, as the kind is read).
        guard eventID.hasPrefix(firingPrefix), let bar = eventID.utf8.lastIndex(of: UInt8(ascii: "|")) else { return eventID }
        return "timer(\(kind(ofEpisode: eventID[eventID.utf8.index(after: bar)...])))"
    }
}
