import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// TimelinesAI as a connector: one throttled client, the teammates, and one memory of the
/// chats, shared by its actions, its poller, its webhooks and its history.
public struct TimelinesAIConnector: Connector {
    public struct Settings: Sendable {
        /// The secret in the webhook URLs (`?key=`): TimelinesAI signs nothing.
        public var webhookKey: String?
        public var poller = TimelinesAIPoller.Options()

        public init() {}
    }

    let client: TimelinesAIClient
    let platform: TimelinesAIPlatform
    let timelinesPoller: TimelinesAIPoller
    let handler: TimelinesAIWebhookHandler

    public init(client: TimelinesAIClient, settings: Settings = Settings(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        let cache = TimelinesAIChatCache()
        platform = TimelinesAIPlatform(client: client, directory: TimelinesAIDirectory(client: client), cache: cache)
        timelinesPoller = TimelinesAIPoller(client: client, cache: cache, options: settings.poller, clock: clock)
        handler = TimelinesAIWebhookHandler(urlKey: settings.webhookKey, cache: cache, clock: clock)
    }

    public var capabilities: PlatformCapabilities { .timelinesai }
    public var actions: any ConversationPlatform { platform }
    public var poller: any EventPoller { timelinesPoller }
    public var webhooks: (any WebhookHandler)? { handler }
    public var history: any HistorySource { TimelinesAIHistoryReader(client: client) }

    /// The chat memory is updated by the actions themselves.
    public func conversationChanged(id: String) async {}
}
