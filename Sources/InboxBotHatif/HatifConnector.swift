import Foundation
import InboxBotCore
import InboxBotConnectorSupport

/// Hatif (the Voxa API) as a connector: one client and one directory of users, tags and
/// channels shared by its actions, its poller, its webhooks and its history.
public struct HatifConnector: Connector {
    public struct Settings: Sendable {
        /// Create a tag a rule names when Hatif has none of that name; otherwise fail the action.
        public var createsMissingTags = false
        public var webhookSecret: String?
        public var webhookKey: String?
        /// How long a conversation read to fill in webhooks is reused; 0 reads it for each one.
        public var webhookCacheSeconds: Double = 5

        public init() {}
    }

    let client: HatifClient
    let directory: HatifDirectory
    let platform: HatifPlatform
    let hatifPoller: HatifPoller
    let enricher: HatifWebhookEnricher
    let handler: HatifWebhookHandler

    public init(client: HatifClient, settings: Settings = Settings(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        directory = HatifDirectory(client: client)
        platform = HatifPlatform(client: client, directory: directory, createsMissingTags: settings.createsMissingTags)
        hatifPoller = HatifPoller(client: client, directory: directory, clock: clock)
        enricher = HatifWebhookEnricher(client: client, directory: directory, cacheSeconds: settings.webhookCacheSeconds, clock: clock)
        handler = HatifWebhookHandler(
            authenticator: SignedWebhookAuthenticator(header: "X-Voxa-Signature", signingSecret: settings.webhookSecret, urlKey: settings.webhookKey), enricher: enricher)
    }

    public var capabilities: PlatformCapabilities { .hatif }
    public var actions: any ConversationPlatform { platform }
    public var poller: any EventPoller { hatifPoller }
    public var webhooks: (any WebhookHandler)? { handler }
    public var history: any HistorySource { HatifHistoryReader(client: client, directory: directory) }

    /// A webhook's cached read of the conversation would hide what the bot changed.
    public func conversationChanged(id: String) async {
        await enricher.forget(conversationID: id)
    }
}
