import Foundation
import InboxBotCore

/// Reads new events from TimelinesAI by polling: the safety net under its webhooks.
///
/// TimelinesAI has no message feed across chats, and lists chats in no order of activity (by
/// name, it seems). So the poller compares each listed chat's newest message (`last_message_uid`)
/// with the one it remembers, and reads messages only for the chats that changed, from the
/// last one taken (`after_message`). Each poll lists the chats with unread messages, which is
/// few pages; every `sweepSeconds` it lists them all, to find what does not make a chat unread
/// (our own and other devices' messages) and what only shows in the chat itself: closed or
/// reopened, labels, the responsible. Those become derived events that say when they were seen.
///
/// Nothing older than when the worker first started is ever emitted. The state is `Codable`,
/// for the worker to keep between runs.
public actor TimelinesAIPoller: EventPoller {
    public struct State: Codable, Sendable, Hashable {
        public var startedAt: Date?
        public var sweptAt: Date?
        public var chats: [String: Memory] = [:]

        public init(startedAt: Date? = nil) {
            self.startedAt = startedAt
        }
    }

    /// What the poller remembers of one chat.
    public struct Memory: Codable, Sendable, Hashable {
        public var lastMessageUID: String?
        public var lastMessageAt: Date?
        public var closed = false
        public var labels: [String] = []
        public var responsible: String?
        public var tally = ConversationTally()
    }

    public struct Options: Sendable {
        /// How often every chat is listed; between sweeps only unread ones are.
        public var sweepSeconds: Double = 300
        /// The most pages (of about 50 chats) listed in one poll, and of one chat's messages.
        public var maximumListPages = 40
        public var maximumMessagePages = 10
        public init() {}
    }

    let client: TimelinesAIClient
    let cache: TimelinesAIChatCache
    let options: Options
    let clock: any WallClock
    public private(set) var state = State()
    private var cursorKeeper = PollerCursor<State>()

    init(client: TimelinesAIClient, cache: TimelinesAIChatCache, options: Options = Options(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.cache = cache
        self.options = options
        self.clock = clock
    }

    public nonisolated func initialCursor(startedAt time: Date) throws -> Data {
        try JSONEncoder().encode(State(startedAt: time))
    }

    public func poll(from cursor: Data) async throws -> PollResult {
        state = try cursorKeeper.state(for: cursor, current: state)
        let events = try await poll()
        return PollResult(events: events, cursor: try cursorKeeper.handOut(state))
    }

    func poll() async throws(TimelinesAIError) -> [Event] {
        let now = clock.now()
        // The first poll sweeps: it takes the state of every chat it will compare.
        let sweeping = state.sweptAt.map { now.timeIntervalSince($0) >= options.sweepSeconds } ?? true
        var listed: [TimelinesAIChat] = []
        for page in 1...max(1, options.maximumListPages) {
            let answer = try await client.chats(page: page, unreadOnly: !sweeping)
            listed += answer.items
            guard answer.hasMorePages else { break }
        }
        if sweeping { state.sweptAt = now }
        var events: [Event] = []
        var seen: Set<String> = []
        for chat in listed where seen.insert(chat.id.value).inserted {
            events += try await update(chat)
        }
        return events
    }

    private func update(_ chat: TimelinesAIChat) async throws(TimelinesAIError) -> [Event] {
        let id = chat.id.value
        let known = state.chats[id]
        var memory = known ?? Memory()
        defer {
            memory.closed = chat.closed
            memory.labels = chat.labels
            memory.responsible = chat.responsibleEmail
            memory.lastMessageUID = chat.lastMessageUID ?? memory.lastMessageUID
            memory.lastMessageAt = chat.lastMessageAt ?? memory.lastMessageAt
            state.chats[id] = memory
        }
        let startedAt = state.startedAt ?? .distantFuture
        var events: [Event] = []
        let changed = chat.lastMessageUID != nil && chat.lastMessageUID != known?.lastMessageUID
        if known == nil, (chat.lastMessageAt ?? .distantPast).isCertainly(before: startedAt) {
            // Quiet since before the worker first started: remembered for comparing.
            await cache.remember(chat)
            return []
        }
        if changed || known == nil {
            let fresh = try await messages(of: id, after: known?.lastMessageUID, orFrom: max(startedAt, known?.lastMessageAt ?? startedAt))
            if known == nil, let created = chat.createdAt, !created.isCertainly(before: startedAt) {
                events.append(Event(id: TimelinesAIID.qualified("\(id):created"), type: .conversationCreated, time: created,
                                    conversation: TimelinesAIEventMapper.snapshot(of: chat, tally: ConversationTally()), metadata: ["source": "poll"]))
            }
            events += TimelinesAIEventMapper.events(for: chat, newMessages: fresh, tally: &memory.tally, source: "poll", undated: clock.now())
        }
        events += await changes(of: chat, since: known, snapshot: TimelinesAIEventMapper.snapshot(of: chat, tally: memory.tally))
        await cache.remember(chat, tally: memory.tally)
        return events
    }

    /// A chat's messages after the last one taken, oldest first; or, for a chat not read
    /// before, those from `start`.
    private func messages(of chatID: String, after uid: String?, orFrom start: Date) async throws(TimelinesAIError) -> [TimelinesAIMessage] {
        var messages: [TimelinesAIMessage] = []
        for page in 1...max(1, options.maximumMessagePages) {
            let answer = try await client.messages(chatID: chatID, afterMessage: uid, after: uid == nil ? start : nil, page: page)
            messages += answer.items
            guard answer.hasMorePages else { break }
        }
        return TimelinesAIEventMapper.chronological(messages)
    }

    /// Changes that show only in the chat itself: closed or reopened, labels, the responsible.
    private func changes(of chat: TimelinesAIChat, since known: Memory?, snapshot: ConversationSnapshot) async -> [Event] {
        guard let known else { return [] }
        let observed = clock.now()
        let stamp = Timestamp.format(observed)
        let metadata = Event.derivedMetadata(source: "poll", observedAt: observed)
        let id = chat.id.value
        var events: [Event] = []
        if known.closed != chat.closed {
            let type: EventType = chat.closed ? .conversationClosed : .conversationReopened
            events.append(Event(id: TimelinesAIID.qualified("\(id):\(type.rawValue):\(stamp)"), type: type, time: observed, conversation: snapshot, metadata: metadata))
        }
        if Set(known.labels.map { $0.lowercased() }) != Set(chat.labels.map { $0.lowercased() }) {
            events.append(Event(id: TimelinesAIID.qualified("\(id):labels:\(chat.labels.sorted().joined(separator: ",")):\(stamp)"), type: .conversationTagged,
                                time: observed, conversation: snapshot, metadata: metadata))
        }
        // A `chat:assigned` webhook may have reported this one already.
        if known.responsible?.lowercased() != chat.responsibleEmail?.lowercased(),
           await cache.isFirstToReport(TimelinesAIWebhookHandler.assignment(chat.responsibleEmail), chat: id) {
            events.append(Event(id: TimelinesAIID.qualified("\(id):assigned:\(chat.responsibleEmail ?? "nobody"):\(stamp)"), type: .conversationAssigned,
                                time: observed, conversation: snapshot, metadata: metadata))
        }
        return events
    }
}
