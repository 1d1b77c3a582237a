import Foundation
import InboxBotCore

/// Turns a webhook delivery into an event with its full conversation snapshot, read from
/// the API: webhooks carry ids, not the conversation's tags, assignee or unread count.
///
/// A conversation read is reused for `cacheSeconds`, and the messages delivered meanwhile
/// are counted into it, since a conversation's webhooks come in bursts and each read costs
/// two API calls. Changes made in Hatif's inbox (tags, assignee) are therefore seen within
/// that time; the bot's own actions `forget` the conversation, so they are seen at once.
public actor HatifWebhookEnricher {
    let client: HatifClient
    /// Users, tags and channels, shared with the rest of the connector.
    let directory: HatifDirectory
    /// How much recent timeline to read to derive unread count and reply times.
    let timelineDepth: Int
    let cacheSeconds: Double
    let clock: any WallClock
    private var cache: [String: CachedConversation] = [:]

    /// A conversation as read, with the messages delivered since counted into its tally.
    struct CachedConversation {
        var conversation: HatifConversation
        var tally: ConversationTally
        /// The timeline events counted in the tally, so a status change of one is not counted again.
        var counted: Set<String>
        let readAt: Date
    }

    public init(client: HatifClient, directory: HatifDirectory? = nil, timelineDepth: Int = 50, cacheSeconds: Double = 5,
                clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.directory = directory ?? HatifDirectory(client: client)
        self.timelineDepth = timelineDepth
        self.cacheSeconds = cacheSeconds
        self.clock = clock
    }

    /// Drops what is known of a conversation, after the bot changed it.
    public func forget(conversationID: String) {
        cache[conversationID] = nil
    }

    /// The conversation and its tally through the webhook's message: from the cache when
    /// fresh, else read from the API.
    private func conversationAndTally(for webhook: HatifMessageWebhook) async throws(HatifError) -> (HatifConversation, ConversationTally) {
        let now = clock.now()
        let eventID = webhook.eventID
        if var cached = cache[webhook.conversationID], now.timeIntervalSince(cached.readAt) < cacheSeconds {
            if cached.counted.insert(eventID).inserted { Self.count(webhook, into: &cached.tally) }
            cache[webhook.conversationID] = cached
            return (cached.conversation, cached.tally)
        }
        // The two reads at once: a miss is on the webhook's path (before its 202), and against
        // the live API each read takes about a tenth of a second.
        async let conversationRead = Self.result { [client] () async throws(HatifError) in try await client.conversation(id: webhook.conversationID) }
        async let timelineRead = Self.result { () async throws(HatifError) in try await recentTimeline(of: webhook.conversationID) }
        let conversation = try await conversationRead.get()
        let recent = try await timelineRead.get()
        var tally = Self.tally(of: recent, through: eventID)
        // Not in the timeline yet: count it as the timeline will.
        if !tally.seen { Self.count(webhook, into: &tally.value) }
        if cacheSeconds > 0 {
            if cache.count >= 10_000 { cache = cache.filter { now.timeIntervalSince($0.value.readAt) < cacheSeconds } }
            // Entries after this message are left out of the tally, so their webhooks still count.
            let through = recent.firstIndex { $0.eventID == eventID }.map { $0 + 1 } ?? recent.count
            let counted = Set(recent.prefix(through).map(\.eventID)).union([eventID])
            cache[conversation.id] = CachedConversation(conversation: conversation, tally: tally.value, counted: counted, readAt: now)
        }
        return (conversation, tally.value)
    }

    /// Counts a delivered message into a tally as its timeline entry would count.
    static func count(_ webhook: HatifMessageWebhook, into tally: inout ConversationTally) {
        switch webhook.direction {
        case .inbound: tally.noteInbound(at: webhook.creationTime)
        case .outbound: tally.noteReply(at: webhook.creationTime, outbound: true)
        case .internal: tally.noteReply(at: webhook.creationTime, outbound: false)
        }
    }

    /// The event for a delivery, or nil for one that is not an event (a call still ringing).
    public func event(for payload: HatifWebhookPayload) async throws(HatifError) -> Event? {
        switch payload {
        case .message(let message): return try await event(for: message)
        case .call(let call): return try await event(for: call)
        }
    }

    private func event(for webhook: HatifMessageWebhook) async throws(HatifError) -> Event {
        let (conversation, tally) = try await conversationAndTally(for: webhook)
        let mapper = try await directory.mapper(for: [conversation])
        let snapshot = mapper.snapshot(of: conversation, tally: tally)
        let status = webhook.status.flatMap { DeliveryStatus(rawValue: $0.lowercased()) }
        let type: EventType
        var id = webhook.eventID
        // An outbound message is sent once (Pending, or no status); Sent, Delivered, Read and
        // Failed are changes of its status, each its own event.
        switch (webhook.direction, status) {
        case (.inbound, _): type = .messageReceived
        case (_, .sent?), (_, .delivered?), (_, .read?), (_, .failed?):
            type = .messageStatus
            id += ":\(status?.rawValue ?? "")"
        default: type = .messageSent
        }
        let message = Message(
            id: webhook.messageID, direction: webhook.direction, type: webhook.type, body: webhook.body, status: status,
            sender: webhook.direction == .inbound ? nil : webhook.senderUserID.map(mapper.email))
        var metadata = [Event.platformEventIDKey: webhook.eventID, "source": "webhook"]
        if let messageID = webhook.messageID { metadata["whatsapp_message_id"] = messageID }
        return Event(id: id, type: type, time: webhook.creationTime ?? conversation.lastActivityAt ?? Date(), conversation: snapshot, message: message, metadata: metadata)
    }

    private func event(for webhook: HatifCallWebhook) async throws(HatifError) -> Event? {
        guard let outcome = webhook.outcome else { return nil }
        let direction: Direction = webhook.type == 2 ? .outbound : .inbound
        let call = Call(direction: direction, status: outcome, durationSeconds: webhook.durationSeconds)
        let time = webhook.creationTime ?? Date()
        var metadata = ["source": "webhook"]
        if let callID = webhook.callID { metadata["hatif_call_id"] = callID }
        // Calls carry a contact, not a conversation: find the contact's conversation on the channel.
        var found: HatifConversation?
        if let channelID = webhook.channelID, let contactID = webhook.contactID {
            found = try await client.conversations(channelID: channelID, limit: 1, contactID: contactID).items.first
        }
        guard let conversation = found else {
            // No conversation yet: the event still carries the contact, so a rule can open one.
            let snapshot = ConversationSnapshot(
                id: "hatif-contact:\(webhook.contactID ?? webhook.contactNumber ?? "unknown")", platform: "hatif",
                channel: Channel(id: webhook.channelID),
                contact: Contact(id: webhook.contactID, phone: webhook.contactNumber ?? webhook.callerNumber))
            return Event(id: webhook.eventID, type: outcome.eventType, time: time, conversation: snapshot, call: call, metadata: metadata)
        }
        // The call's timeline entry names it as the poller does: its SourceId is the call's id.
        // A call changes the tally in ways a message webhook does not show.
        forget(conversationID: conversation.id)
        let recent = try await recentTimeline(of: conversation.id)
        let entry = webhook.callID.flatMap { callID in recent.first { $0.sourceID == callID } }
        let tally = Self.tally(of: recent, through: entry?.eventID)
        let mapper = try await directory.mapper(for: [conversation])
        return Event(id: entry?.eventID ?? webhook.eventID, type: outcome.eventType, time: time,
                     conversation: mapper.snapshot(of: conversation, tally: tally.value), call: call, metadata: metadata)
    }

    /// A read's outcome as a value: `async let` would lose its error's type.
    static func result<T>(_ read: () async throws(HatifError) -> T) async -> Result<T, HatifError> {
        do { return .success(try await read()) } catch { return .failure(error) }
    }

    /// The recent timeline, oldest first. Nonisolated: it reads no cache, so it runs beside the conversation's read.
    private nonisolated func recentTimeline(of conversationID: String) async throws(HatifError) -> [HatifTimelineEvent] {
        let page = try await client.timeline(conversationID: conversationID, limit: timelineDepth)
        return HatifTimelineEvent.inChronologicalOrder(page.items)
    }

    /// The tally of the timeline, through the given event when it is there.
    static func tally(of items: [HatifTimelineEvent], through eventID: String?) -> (value: ConversationTally, seen: Bool) {
        var tally = ConversationTally()
        for item in items {
            tally.apply(item)
            if item.eventID == eventID { return (tally, true) }
        }
        return (tally, false)
    }
}
