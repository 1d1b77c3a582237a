import Foundation

/// One normalized thing that happened in a conversation, on any platform.
///
/// It carries a snapshot of the conversation as it was at that moment, so that rules
/// can be evaluated without asking the platform anything. Its JSON form (JSON Lines in
/// replay and test files) is documented in docs/events.md.
public struct Event: Sendable, Hashable {
    public var id: String
    public var type: EventType
    public var time: Date
    public var conversation: ConversationSnapshot
    /// Present on `message.*` events.
    public var message: Message?
    /// Present on `call.*` events.
    public var call: Call?
    /// Platform-specific ids and markers (for example the platform's own event id).
    public var metadata: [String: String]

    public init(
        id: String,
        type: EventType,
        time: Date,
        conversation: ConversationSnapshot,
        message: Message? = nil,
        call: Call? = nil,
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.type = type
        self.time = time
        self.conversation = conversation
        self.message = message
        self.call = call
        self.metadata = metadata
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
