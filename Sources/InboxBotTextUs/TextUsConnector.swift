import Foundation
import InboxBotCore
import InboxBotConnectorSupport

/// TextUs (Next API) as a connector: one client and one user directory shared by its
/// actions, its poller, its webhooks and its history.
public struct TextUsConnector: Connector {
    public struct Settings: Sendable {
        /// The integration's `webhookSecret`, which signs deliveries.
        public var webhookSecret: String?
        public var webhookKey: String?
        public var poller = TextUsPoller.Options()

        public init() {}
    }

    let client: TextUsClient
    let directory: TextUsDirectory
    let platform: TextUsPlatform
    let textUsPoller: TextUsPoller
    let handler: TextUsWebhookHandler

    public init(client: TextUsClient, settings: Settings = Settings(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        directory = TextUsDirectory(client: client)
        platform = TextUsPlatform(client: client, directory: directory)
        textUsPoller = TextUsPoller(client: client, directory: directory, options: settings.poller, clock: clock)
        handler = TextUsWebhookHandler(
            authenticator: SignedWebhookAuthenticator(header: "X-TextUs-Signature", signingSecret: settings.webhookSecret, urlKey: settings.webhookKey),
            platform: platform, directory: directory, clock: clock)
    }

    public var capabilities: PlatformCapabilities { .textus }
    public var actions: any ConversationPlatform { platform }
    public var poller: any EventPoller { textUsPoller }
    public var webhooks: (any WebhookHandler)? { handler }
    public var history: any HistorySource { TextUsHistoryReader(client: client, directory: directory) }

    /// Nothing is cached per conversation: webhooks read it afresh.
    public func conversationChanged(id: String) async {}
}
