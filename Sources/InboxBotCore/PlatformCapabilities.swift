/// What a platform can do, as far as rules are concerned: the events its connector
/// produces, the actions it can carry out, the conversation statuses it has, whether it has
/// tags. Rules are checked against it before they run (`inboxbot validate --platform`, and
/// the worker at start and on every reload), so a rule the platform cannot honour is refused
/// with its position instead of failing at run time.
public struct PlatformCapabilities: Sendable {
    /// The name in configuration and on the command line: `hatif`, `textus`.
    public let name: String
    /// The name people use: `Hatif`, `TextUs`.
    public let title: String
    public let eventTypes: Set<EventType>
    /// Action keywords (as in a rule's `then:`) the platform cannot carry out, each with why.
    public let unsupportedActions: [String: String]
    /// Its own statuses, as it names them, and the normalized status each maps to.
    public let platformStatuses: [(name: String, status: ConversationStatus)]
    public let hasTags: Bool
    /// What the connector puts before every conversation and event id (`textus:`), so that
    /// one state file or database never confuses two platforms' ids. Hatif, the first
    /// platform, has none: its ids stay as existing state files hold them.
    public let idPrefix: String
    /// Whether a conversation is opened only by texting the number, so that
    /// `create_conversation` needs its `text` (TextUs).
    public let opensConversationsByTexting: Bool
    /// Whether the platform signs its webhook deliveries, so that a changed body is found out.
    /// One that does not (TimelinesAI) is authenticated only by the secret key in the URL.
    public let signsWebhooks: Bool
    /// Where the platform's API shows only part of a conversation's messages (Hilos: the first
    /// one), why: then waits for a reply cannot be timed, times since the last message are
    /// unknown, and message conditions see only some messages. Nil where every message shows.
    public let messagesUnseen: String?
    /// Whether it is WhatsApp Business (Cloud API), with the 24-hour customer-service window
    /// outside which only templates may be sent.
    public let hasServiceWindow: Bool

    public init(name: String, title: String, eventTypes: Set<EventType>, unsupportedActions: [String: String] = [:],
                platformStatuses: [(name: String, status: ConversationStatus)], hasTags: Bool, idPrefix: String,
                opensConversationsByTexting: Bool = false, signsWebhooks: Bool = true, messagesUnseen: String? = nil,
                hasServiceWindow: Bool = false) {
        self.hasServiceWindow = hasServiceWindow
        self.signsWebhooks = signsWebhooks
        self.messagesUnseen = messagesUnseen
        self.name = name
        self.title = title
        self.eventTypes = eventTypes
        self.unsupportedActions = unsupportedActions
        self.platformStatuses = platformStatuses
        self.hasTags = hasTags
        self.idPrefix = idPrefix
        self.opensConversationsByTexting = opensConversationsByTexting
    }

    /// The normalized statuses its conversations take: those its own statuses map to.
    public var statuses: Set<ConversationStatus> { Set(platformStatuses.map(\.status)) }
}
