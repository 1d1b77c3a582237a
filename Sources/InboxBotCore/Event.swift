import Foundation

/// One normalized thing that happened in a conversation, on any platform.
///
/// It carries a snapshot of the conversation as it was at that moment, so that rules
/// can be evaluated without asking the platform anything. Its JSON form (JSON Lines in
/// replay and test files) is documented in docs/events.md.
public struct Event: Sendable, Hashable {
    /// An event is copied into every evaluation, timer, decision and result of a replay. Its
    /// fields live in one shared box, as a snapshot's do, so that a copy costs one reference
    /// count instead of one per string (a message alone holds three); a change copies the
    /// box first while another event still shares it (copy on write).
    private var shared: SharedFields<Fields>

    struct Fields: Sendable, Hashable {
        var id: String
        var type: EventType
        var time: Date
        var conversation: ConversationSnapshot
        var message: Message?
        var call: Call?
        var metadata: [String: String]
    }

    public var id: String {
        get { shared.fields.id }
        _modify { yield &shared.fields.id }
    }
    public var type: EventType {
        get { shared.fields.type }
        _modify { yield &shared.fields.type }
    }
    public var time: Date {
        get { shared.fields.time }
        _modify { yield &shared.fields.time }
    }
    public var conversation: ConversationSnapshot {
        get { shared.fields.conversation }
        _modify { yield &shared.fields.conversation }
    }
    /// Present on `message.*` events.
    public var message: Message? {
        get { shared.fields.message }
        _modify { yield &shared.fields.message }
    }
    /// Present on `call.*` events.
    public var call: Call? {
        get { shared.fields.call }
        _modify { yield &shared.fields.call }
    }
    /// Platform-specific ids and markers (for example the platform's own event id).
    public var metadata: [String: String] {
        get { shared.fields.metadata }
        _modify { yield &shared.fields.metadata }
    }

    public init(
        id: String,
        type: EventType,
        time: Date,
        conversation: ConversationSnapshot,
        message: Message? = nil,
        call: Call? = nil,
        metadata: [String: String] = [:]
    ) {
        shared = SharedFields(Fields(id: id, type: type, time: time, conversation: conversation, message: message, call: call, metadata: metadata))
    }

    /// The metadata key under which a connector keeps the id the platform knows the event by.
    public static let platformEventIDKey = "platform_event_id"

    /// The id the platform knows the event by, which its API returns for a send.
    public var platformID: String { metadata[Self.platformEventIDKey] ?? id }

    /// Whether a message says it was sent by inboxbot itself (`sender: bot`).
    public var isSentByBot: Bool { message?.sender == "bot" }

    /// The direction of what happened: the message's or the call's.
    public var direction: Direction? {
        message?.direction ?? call?.direction
    }
}
