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

    /// The users, tags, channels and WhatsApp templates the platform has, read-only, for
    /// the preflight check (`inboxbot check`); a list the platform cannot give is nil.
    func inventory() async throws -> PlatformInventory

    /// The bot changed the conversation (assigned it, tagged it): anything the connector
    /// keeps of it must be read again.
    func conversationChanged(id: String) async
}
