import Foundation

/// An armed timer: a time-based rule waiting on one conversation.
public struct TimerRecord: Sendable, Hashable {
    /// What the timer's firing is known by in the audit, as an event id is: `timer:` and its
    /// key. Kept, and the key read off it, since every timer a replay fires needs it.
    public let firingID: String
    public let ruleID: String
    public let conversationID: String
    /// Where the episode starts in `firingID`, in bytes: the episode is read off it, not kept
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
        self.init(firingID: String(concatenating: Self.firingPrefix, ruleID, "|", conversationID, "|", episode), ruleID: ruleID,
                  conversationID: conversationID, dueAt: dueAt, armedAt: armedAt, event: event, rulePosition: nil)
    }

    /// With its firing id made (`firingID(ruleID:conversationID:kind:stamp:)`), as arming
    /// makes it first to ask whether the episode has fired.
    init(firingID: String, ruleID: String, conversationID: String, dueAt: Date, armedAt: Date, event: Event?, rulePosition: Int?) {
        self.firingID = firingID
        self.ruleID = ruleID
        self.conversationID = conversationID
        episodeStart = min(Self.firingPrefix.utf8.count + ruleID.utf8.count + conversationID.utf8.count + 2, firingID.utf8.count)
        self.dueAt = dueAt
        self.armedAt = armedAt
        self.event = event
        self.rulePosition = rulePosition
    }

    public static func == (lhs: TimerRecord, rhs: TimerRecord) -> Bool {
        lhs.firingID == rhs.firingID && lhs.ruleID == rhs.ruleID && lhs.conversationID == rhs.conversationID
            && lhs.dueAt == rhs.dueAt && lhs.armedAt == rhs.armedAt && lhs.event == rhs.event
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(firingID)
        hasher.combine(dueAt)
    }

    /// Rule, conversation and episode, `rule|conversation|episode`: arming the same wait
    /// twice keeps one timer. Made when asked (the state stores keep it); in memory, timers
    /// are known by their firing ids, which differ from their keys only by the prefix.
    public var key: String {
        firingID.withUTF8Bytes { String(decoding: UnsafeBufferPointer(rebasing: $0[min(Self.firingPrefix.utf8.count, $0.count)...]), as: UTF8.self) }
    }

    /// Whether `key` is this timer's key, compared in place.
    func hasKey(_ key: String) -> Bool {
        firingID.utf8.count == Self.firingPrefix.utf8.count + key.utf8.count && firingID.utf8.dropFirst(Self.firingPrefix.utf8.count).elementsEqual(key.utf8)
    }

    /// The firing id of a rule's wait of a kind on a conversation, in the episode named by
    /// `stamp`: `timer:rule|conversation|kind:stamp`.
    static func firingID(ruleID: String, conversationID: String, kind: String, stamp: String) -> String {
        String(concatenating: firingPrefix, ruleID, "|", conversationID, "|", kind, ":", stamp)
    }

    /// What starts the wait, such as the inbound message's event id; a new episode arms anew.
    public var episode: String { readEpisode { String(decoding: $0, as: UTF8.self) } }

    /// `body` over the episode's bytes, in the firing id.
    private func readEpisode<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        firingID.withUTF8Bytes { body(UnsafeBufferPointer(rebasing: $0[episodeStart...])) }
    }

    /// The kind of wait, as the episode starts with it: `idle`, `customer_silent`, ….
    public var kind: Substring { kindName[...] }

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

    /// What starts a timer's firing id.
    public static let firingPrefix = "timer:"

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
