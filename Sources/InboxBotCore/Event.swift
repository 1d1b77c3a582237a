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
    private var box: Box

    struct Fields: Sendable, Hashable {
        var id: String
        var type: EventType
        var time: Date
        var conversation: ConversationSnapshot
        var message: Message?
        var call: Call?
        var metadata: [String: String]
    }

    /// Unchecked: its fields change only through `uniqueFields`, that is, only while one
    /// event alone holds it; a box two events share is never written. For the same reason
    /// reads need no dynamic exclusivity check.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// The fields, for changing: the box is copied first when another event shares it.
    private var uniqueFields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public var id: String {
        get { box.fields.id }
        _modify { yield &uniqueFields.id }
    }
    public var type: EventType {
        get { box.fields.type }
        _modify { yield &uniqueFields.type }
    }
    public var time: Date {
        get { box.fields.time }
        _modify { yield &uniqueFields.time }
    }
    public var conversation: ConversationSnapshot {
        get { box.fields.conversation }
        _modify { yield &uniqueFields.conversation }
    }
    /// Present on `message.*` events.
    public var message: Message? {
        get { box.fields.message }
        _modify { yield &uniqueFields.message }
    }
    /// Present on `call.*` events.
    public var call: Call? {
        get { box.fields.call }
        _modify { yield &uniqueFields.call }
    }
    /// Platform-specific ids and markers (for example the platform's own event id).
    public var metadata: [String: String] {
        get { box.fields.metadata }
        _modify { yield &uniqueFields.metadata }
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
        box = Box(Fields(id: id, type: type, time: time, conversation: conversation, message: message, call: call, metadata: metadata))
    }

    public static func == (left: Event, right: Event) -> Bool {
        left.box === right.box || left.box.fields == right.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
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
