import Foundation

/// Everything a platform contributes to the worker, behind small protocols: what it can do,
/// its actions, its events by polling and by webhook, and its history. The worker, the
/// webhook server and the commands use a connector and name no platform.
public protocol Connector: Sendable {
    var capabilities: PlatformCapabilities { get }
    /// Carries out actions, settles unknown outcomes, reads a conversation as it is now.
    var actions: any ConversationPlatform { get }
    /// Reads new events by polling, from a cursor the worker keeps.
    var poller: any EventPoller { get }
    /// The platform's webhook deliveries, or nil for a platform that pushes nothing.
    var webhooks: (any WebhookHandler)? { get }
    /// What already happened, read-only: for `replay --from` and `explain --conversation`.
    var history: any HistorySource { get }

    /// The bot changed the conversation (assigned it, tagged it): anything the connector
    /// keeps of it must be read again.
    func conversationChanged(id: String) async
}

/// Reads what is new on a platform since a cursor. The worker keeps the cursor and
/// persists a new one only once the events of a poll are queued, so a failed hand-over
/// is polled again and nothing is lost.
public protocol EventPoller: Sendable {
    /// The cursor of a worker that first starts at `time`: nothing older is ever new.
    func initialCursor(startedAt time: Date) throws -> Data

    /// The events after `cursor`, oldest first within each conversation, and the cursor
    /// that follows them.
    func poll(from cursor: Data) async throws -> (events: [Event], cursor: Data)
}

/// A platform's webhook deliveries: how they are authenticated, read and turned into events.
public protocol WebhookHandler: Sendable {
    /// Paths besides `/webhooks/<platform>` that take deliveries, such as `whatsapp`.
    var extraPaths: [String] { get }
    /// True when nothing is checked (no secret, no key): every delivery is taken.
    var isOpen: Bool { get }

    /// Whether the delivery comes from the platform; the reason when it does not.
    func authenticate(_ request: WebhookRequest) -> WebhookVerdict

    /// Reads a delivery; throws, with the reason, for a body that is no delivery.
    func delivery(from body: Data) throws -> WebhookDelivery

    /// Whether an error from `WebhookDelivery.event` means that what the delivery names does
    /// not exist on the platform (as opposed to a passing outage).
    func isMissing(_ error: any Error) -> Bool
}

/// One request to a webhook path, as the handler sees it. Header names are lowercased.
public struct WebhookRequest: Sendable {
    public var body: Data
    public var headers: [String: String]
    public var query: [String: String]

    public init(body: Data, headers: [String: String], query: [String: String]) {
        self.body = body
        self.headers = headers
        self.query = query
    }
}

public enum WebhookVerdict: Sendable, Hashable {
    case accepted
    case rejected(reason: String)
}

/// A delivery read from its body: the key it is deduplicated on, when it happened, and how
/// to make its event (which may read the platform, to fill in the conversation).
public struct WebhookDelivery: Sendable {
    public let key: String
    public let time: Date?
    /// The event, or nil for a delivery that is no event (a call still ringing).
    public let event: @Sendable () async throws -> Event?

    public init(key: String, time: Date?, event: @escaping @Sendable () async throws -> Event?) {
        self.key = key
        self.time = time
        self.event = event
    }
}

/// A platform's history, read-only.
public protocol HistorySource: Sendable {
    /// One conversation's events since `since` (all that can be read when nil), oldest first.
    func events(conversationID: String, since: Date?) async throws -> [Event]

    /// Every conversation's events since `since`, oldest first; `progress` is told each
    /// conversation read and how many are to be read.
    func events(since: Date, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> [Event]
}
