import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// TimelinesAI's webhook deliveries at `/webhooks/timelinesai`.
///
/// TimelinesAI signs nothing and sends no custom header, so a delivery is admitted only by the
/// secret key in its URL (`?key=`, compared in constant time). It must be answered within 5 s,
/// and the rate limit cannot afford a read per delivery, so nothing is read from TimelinesAI
/// here: the conversation is the chat as this connector last knew it (from polling, reads and
/// its own actions), updated with what the delivery says; a chat it has not met yet is taken
/// as open and unlabelled. What a delivery is comes from its content (a message's direction),
/// since the documentation's own example names the wrong event type.
public struct TimelinesAIWebhookHandler: WebhookHandler {
    let authenticator: SignedWebhookAuthenticator
    let cache: TimelinesAIChatCache
    let clock: any WallClock

    init(urlKey: String?, cache: TimelinesAIChatCache, clock: any WallClock) {
        authenticator = SignedWebhookAuthenticator(header: "X-TimelinesAI-Signature", signingSecret: nil, urlKey: urlKey)
        self.cache = cache
        self.clock = clock
    }

    public var extraPaths: [String] { [] }
    public var isOpen: Bool { authenticator.isOpen }

    public func authenticate(_ request: WebhookRequest) -> WebhookVerdict {
        authenticator.verify(request)
    }

    /// What the assignment of a chat to `email` is called when both paths may see it.
    static func assignment(_ email: String?) -> String {
        "assigned:" + (email?.lowercased() ?? "nobody")
    }

    public func delivery(from body: Data) throws -> WebhookDelivery {
        let payload: TimelinesAIWebhookPayload
        do {
            payload = try TimelinesAIWebhookPayload.decode(body)
        } catch {
            throw TimelinesAIError.invalidResponse("not a TimelinesAI webhook delivery: \(DecodingProblem.reason(error))")
        }
        return WebhookDelivery(key: payload.deduplicationKey, time: payload.message?.time) { [cache, clock] in
            let id = payload.chatID.value
            var chat = await cache.entry(id)?.chat
                ?? TimelinesAIChat(id: payload.chatID, name: payload.chatName, phone: payload.phone, responsibleEmail: nil, responsibleName: nil)
            chat.name = payload.chatName ?? chat.name
            chat.phone = payload.phone ?? chat.phone
            let now = clock.now()
            switch payload.kind {
            case .messageReceived, .messageSent:
                guard let delivered = payload.message else { return nil }
                if let responsible = payload.responsibleEmail { chat.responsibleEmail = responsible }
                let message = TimelinesAIMessage(uid: delivered.uid, chatID: payload.chatID, time: delivered.time, fromMe: !delivered.received, text: delivered.text,
                                                 origin: delivered.origin, senderName: delivered.senderName)
                let entry = await cache.note(message, in: chat)
                return TimelinesAIEventMapper.event(for: message, snapshot: TimelinesAIEventMapper.snapshot(of: entry.chat, tally: entry.tally),
                                                    source: "webhook", undated: now)
            case .chatCreated:
                await cache.remember(chat)
                return Event(id: TimelinesAIID.qualified("\(id):created"), type: .conversationCreated, time: now,
                             conversation: TimelinesAIEventMapper.snapshot(of: chat, tally: await cache.entry(id)?.tally ?? ConversationTally()),
                             metadata: ["source": "webhook"])
            case .chatAssignment:
                chat.responsibleEmail = payload.responsibleEmail
                chat.responsibleName = payload.responsibleName
                await cache.remember(chat)
                // The poller may have reported this assignment already.
                guard await cache.isFirstToReport(Self.assignment(payload.responsibleEmail), chat: id) else { return nil }
                return Event(id: TimelinesAIID.qualified("\(id):assigned:\(payload.responsibleEmail ?? "nobody"):\(Timestamp.format(now))"),
                             type: .conversationAssigned, time: now,
                             conversation: TimelinesAIEventMapper.snapshot(of: chat, tally: await cache.entry(id)?.tally ?? ConversationTally()),
                             metadata: ["source": "webhook"])
            case .other:
                return nil
            }
        }
    }

    /// Nothing is read from TimelinesAI here, so nothing can be missing.
    public func isMissing(_ error: any Error) -> Bool { false }
}
