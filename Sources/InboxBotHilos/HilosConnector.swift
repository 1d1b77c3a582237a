import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Hilos as a connector: one client and one memory of the conversations, shared by its
/// actions, its poller and the endpoint its flows push messages to. It has no history to
/// replay beyond each conversation's first message.
public struct HilosConnector: Connector {
    public struct Settings: Sendable {
        /// The key a Hilos flow sends with the messages it pushes.
        public var flowKey: String?
        public var poller = HilosPoller.Options()

        public init() {}
    }

    let client: HilosClient
    let memory: HilosConversationMemory
    let platform: HilosPlatform
    let hilosPoller: HilosPoller
    let handler: HilosFlowHandler

    public init(client: HilosClient, settings: Settings = Settings(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        memory = HilosConversationMemory()
        platform = HilosPlatform(client: client, memory: memory)
        hilosPoller = HilosPoller(client: client, memory: memory, options: settings.poller, clock: clock)
        handler = HilosFlowHandler(key: settings.flowKey, client: client, memory: memory, clock: clock)
    }

    public var capabilities: PlatformCapabilities { .hilos }
    public var actions: any ConversationPlatform { platform }
    public var poller: any EventPoller { hilosPoller }
    public var webhooks: (any WebhookHandler)? { handler }
    public var history: any HistorySource { HilosHistoryReader(client: client, memory: memory) }

    public func conversationChanged(id: String) async {}
}
