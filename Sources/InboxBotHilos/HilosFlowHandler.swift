import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Messages a Hilos flow pushes to `/webhooks/hilos`: Hilos has no webhooks, so this is how
/// rules see a customer's messages after a conversation's first. The flow's HTTP step sends
/// the worker's key in the URL (`?key=`) or in an `X-Inboxbot-Key` header; nothing else
/// vouches for a delivery. The conversation is the one the flow names, or else the newest
/// open one of the contact with that phone.
public struct HilosFlowHandler: WebhookHandler {
    let authenticator: SignedWebhookAuthenticator
    let client: HilosClient
    let memory: HilosConversationMemory
    let clock: any WallClock

    init(key: String?, client: HilosClient, memory: HilosConversationMemory, clock: any WallClock) {
        authenticator = SignedWebhookAuthenticator(header: "X-Hilos-Signature", signingSecret: nil, urlKey: key)
        self.client = client
        self.memory = memory
        self.clock = clock
    }

    public var extraPaths: [String] { [] }
    public var isOpen: Bool { authenticator.isOpen }

    public func authenticate(_ request: WebhookRequest) -> WebhookVerdict {
        authenticator.verify(request)
    }

    public func delivery(from body: Data) throws -> WebhookDelivery {
        let message: HilosFlowMessage
        do {
            message = try JSONDecoder().decode(HilosFlowMessage.self, from: body)
        } catch {
            throw HilosError.invalidResponse("not a message from a Hilos flow: \(DecodingProblem.reason(error))")
        }
        let receivedAt = clock.now()
        let key = message.key(receivedAt: receivedAt)
        return WebhookDelivery(key: key, time: message.time) { [client, memory] in
            let conversation = try await Self.conversation(for: message, client: client, memory: memory)
            var snapshot = HilosEventMapper.snapshot(of: conversation)
            snapshot.contact.phone = message.phone
            snapshot.contact.name = message.name ?? snapshot.contact.name
            snapshot.unread = max(snapshot.unread, 1)
            snapshot.lastInboundAt = message.time ?? receivedAt
            let messageID = Self.messageID(of: message, in: conversation, receivedAt: receivedAt)
            return Event(id: messageID.map(HilosEventMapper.messageEventID) ?? HilosID.qualified(key), type: .messageReceived, time: message.time ?? receivedAt,
                         conversation: snapshot, message: Message(id: messageID, direction: .inbound, body: message.text),
                         metadata: [Event.platformEventIDKey: messageID ?? key, "source": "hilos-flow"])
        }
    }

    /// The message's Hilos id: as the flow gives it; or, for a push of the conversation's first
    /// message (the same text from the customer within ten minutes of it), the first message's,
    /// which the poller reports too. Either way the event's id is the poller's for that message,
    /// so the inbox takes it once, whichever comes first.
    static func messageID(of message: HilosFlowMessage, in conversation: HilosConversation, receivedAt: Date) -> String? {
        if let id = message.messageID { return id }
        guard let first = conversation.firstMessage, first.inbound, first.body == message.text, let sent = first.time,
              abs(sent.timeIntervalSince(message.time ?? receivedAt)) <= 600 else { return nil }
        return first.id
    }

    /// The conversation the flow names, or the contact's newest open one.
    static func conversation(for message: HilosFlowMessage, client: HilosClient, memory: HilosConversationMemory) async throws -> HilosConversation {
        if let id = message.conversation, let known = await memory.conversation(id) { return known }
        let digits = message.phone.filter(\.isNumber)
        guard let contact = try await client.contacts(search: message.phone).first(where: { $0.phone?.filter(\.isNumber) == digits }) else {
            throw HilosError.notFound("no Hilos contact has the phone \(message.phone)")
        }
        await memory.remember(contact)
        let conversations = try await client.conversations(page: 1, pageSize: 100, contact: contact.id).results
        let chosen = conversations.first { $0.id == message.conversation }
            ?? conversations.filter { !$0.isClosed }.max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        guard let chosen else { throw HilosError.notFound("the contact \(message.phone) has no open Hilos conversation") }
        await memory.remember(chosen)
        return chosen
    }

    public func isMissing(_ error: any Error) -> Bool {
        if case HilosError.notFound = error { true } else { false }
    }
}
