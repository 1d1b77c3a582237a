import Foundation

/// An armed timer: a time-based rule waiting on one conversation.
public struct TimerRecord: Sendable, Hashable {
    /// Rule, conversation and episode, `rule|conversation|episode`: arming the same wait
    /// twice keeps one timer.
    public let key: String
    public let ruleID: String
    public let conversationID: String
    /// Where the episode starts in `key`, in bytes: the episode is read off the key, not kept
    /// as a string of its own (one allocation fewer for every wait a replayed event starts).
    private let episodeStart: Int
    public var dueAt: Date
    public var armedAt: Date
    /// The event that started the wait; the rule's conditions and actions see it when the
    /// timer fires, with the conversation as it is then.
    public var event: Event?
    /// Where its rule was in the rule set that armed it, for that rule set to find the rule
    /// when it fires without hashing its id; not part of what the timer is.
    let rulePosition: Int?

    public init(ruleID: String, conversationID: String, episode: String, dueAt: Date, armedAt: Date, event: Event? = nil) {
        self.init(key: String(concatenating: ruleID, "|", conversationID, "|", episode), ruleID: ruleID, conversationID: conversationID,
                  dueAt: dueAt, armedAt: armedAt, event: event, rulePosition: nil)
    }

    /// With its key made (`key(ruleID:conversationID:kind:stamp:)`), as arming makes it first
    /// to ask whether the episode has fired.
    init(key: String, ruleID: String, conversationID: String, dueAt: Date, armedAt: Date, event: Event?, rulePosition: Int?) {
        self.key = key
        self.ruleID = ruleID
        self.conversationID = conversationID
        episodeStart = min(ruleID.utf8.count + conversationID.utf8.count + 2, key.utf8.count)
        self.dueAt = dueAt
        self.armedAt = armedAt
        self.event = event
        self.rulePosition = rulePosition
    }

    public static func == (lhs: TimerRecord, rhs: TimerRecord) -> Bool {
        lhs.key == rhs.key && lhs.ruleID == rhs.ruleID && lhs.conversationID == rhs.conversationID
            && lhs.dueAt == rhs.dueAt && lhs.armedAt == rhs.armedAt && lhs.event == rhs.event
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(dueAt)
    }

    /// The key of a rule's wait of a kind on a conversation, in the episode named by `stamp`:
    /// `rule|conversation|kind:stamp`.
    static func key(ruleID: String, conversationID: String, kind: String, stamp: String) -> String {
        String(concatenating: ruleID, "|", conversationID, "|", kind, ":", stamp)
    }

    /// What starts the wait, such as the inbound message's event id; a new episode arms anew.
    public var episode: String { readEpisode { String(decoding: $0, as: UTF8.self) } }

    /// `body` over the episode's bytes, in the key.
    private func readEpisode<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        key.withUTF8Bytes { body(UnsafeBufferPointer(rebasing: $0[episodeStart...])) }
    }

    /// The kind of wait, as the episode starts with it: `idle`, `customer_silent`, ….
    public var kind: Substring { Self.kind(ofEpisode: episode[...]) }

    /// `kind` as a string of its own, as the timer queue keeps it: read off the episode's
    /// bytes (a colon is never part of a longer character in UTF-8).
    var kindName: String {
        readEpisode { bytes in String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count)]), as: UTF8.self) }
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
