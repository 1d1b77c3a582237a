import Foundation
import InboxBotCore

/// Reads new events from Hatif by polling.
///
/// Per channel it lists conversations by `LastActivityAt DESC` and stops at the last
/// position seen, so a quiet channel costs one list call. For each conversation that
/// changed it reads only the new timeline entries (newest first, until the last one
/// seen), and turns them into events with the conversation as it stood. Changes the
/// timeline does not show are found by comparing with the last snapshot: a new
/// conversation (`conversation.created`), its tags (`conversation.tagged`) and its status
/// (`conversation.closed`, `conversation.reopened`).
///
/// The first poll only takes positions: it emits nothing older than `State.startedAt`, so
/// starting the bot never replays old history. Its state is `Codable`, for the worker to
/// keep between runs.
public actor HatifPoller: EventPoller {
    public struct State: Codable, Sendable, Hashable {
        /// Per channel: the newest `LastActivityAt` seen.
        public var channelCursors: [String: Date] = [:]
        public var conversations: [String: ConversationMemory] = [:]
        public var started = false
        /// When the worker first started on this state. Entries after it are new even on the
        /// first poll, so a worker stopped before its first poll was saved loses nothing.
        public var startedAt: Date?

        public init(startedAt: Date? = nil) {
            self.startedAt = startedAt
        }
    }

    /// What the poller remembers of one conversation.
    public struct ConversationMemory: Codable, Sendable, Hashable {
        public var tally = ConversationTally()
        /// The newest timeline entry taken, and the ids taken at that same time.
        public var watermark: Date?
        public var idsAtWatermark: Set<String> = []
        public var status: Int?
        public var tagIDs: [String] = []
        /// The conversation's `LastActivityAt` when last read; unchanged means no new entries.
        public var lastActivityAt: Date?
    }

    public struct Options: Sendable {
        /// Conversations per list call.
        public var pageSize = 50
        /// Timeline entries per call, and the most pages read for one conversation per poll.
        public var timelinePageSize = 100
        public var maximumTimelinePages = 20
        public init() {}
    }

    let client: HatifClient
    /// Users, tags and channels, shared with the rest of the connector.
    let directory: HatifDirectory
    let options: Options
    /// When status and tag changes, which Hatif does not report, were observed.
    let clock: any WallClock
    public private(set) var state: State
    private var cursorKeeper = PollerCursor<State>()

    public init(client: HatifClient, directory: HatifDirectory? = nil, state: State = State(), options: Options = Options(),
                clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.directory = directory ?? HatifDirectory(client: client)
        self.state = state
        self.options = options
        self.clock = clock
    }

    public nonisolated func initialCursor(startedAt time: Date) throws -> Data {
        try JSONEncoder().encode(State(startedAt: time))
    }

    /// One poll from `cursor` (the encoded `State`): a cursor other than the last one handed
    /// out, as after a hand-over that failed, is read back first.
    public func poll(from cursor: Data) async throws -> PollResult {
        state = try cursorKeeper.state(for: cursor, current: state)
        let events = try await poll()
        return PollResult(events: events, cursor: try cursorKeeper.handOut(state))
    }

    /// One poll over every channel. Events come oldest first within each conversation.
    public func poll() async throws(HatifError) -> [Event] {
        let bootstrap = !state.started
        var events: [Event] = []
        for channelID in try await directory.channelIDs() {
            events += try await poll(channelID: channelID, bootstrap: bootstrap)
        }
        state.started = true
        return events
    }

    private func poll(channelID: String, bootstrap: Bool) async throws(HatifError) -> [Event] {
        let cursor = state.channelCursors[channelID]
        var changed: [HatifConversation] = []
        var skip = 0
        listing: while true {
            let page = try await client.conversations(channelID: channelID, skip: skip, limit: options.pageSize)
            for conversation in page.items {
                guard let activity = conversation.lastActivityAt else { continue }
                // Ties at the cursor's second are read again (the API's precision varies);
                // the watermarks drop what was taken.
                if let cursor, activity.wholeSecond < cursor.wholeSecond { break listing }
                changed.append(conversation)
            }
            skip += page.items.count
            if page.items.count < options.pageSize || skip >= page.totalCount || (bootstrap && cursor == nil) { break }
        }
        if let newest = changed.compactMap(\.lastActivityAt).max() {
            state.channelCursors[channelID] = max(newest, cursor ?? newest)
        }
        let mapper = try await directory.mapper(for: changed)
        var events: [Event] = []
        for conversation in changed {
            events += try await update(conversation, channelCursor: cursor, bootstrap: bootstrap, mapper: mapper)
        }
        return events
    }

    private func update(_ conversation: HatifConversation, channelCursor: Date?, bootstrap: Bool, mapper: HatifEventMapper) async throws(HatifError) -> [Event] {
        let known = state.conversations[conversation.id]
        var memory = known ?? ConversationMemory()
        if let known, let activity = conversation.lastActivityAt, let previous = known.lastActivityAt,
           activity == previous || activity.wholeSecond < previous.wholeSecond {
            // No new timeline entries: only its status or tags can have changed.
            let events = changes(of: conversation, since: known, snapshot: mapper.snapshot(of: conversation, tally: known.tally))
            memory.status = conversation.isOpen ? 1 : 2
            memory.tagIDs = conversation.tags?.map(\.id) ?? known.tagIDs
            state.conversations[conversation.id] = memory
            return events
        }
        // Entries after this are new: the last one taken, or for a conversation never seen,
        // the channel's cursor, or on the first poll the time the worker first started.
        let watermark = known?.watermark ?? (bootstrap ? state.startedAt ?? .distantFuture : channelCursor ?? .distantPast)
        let seenIDs = known?.idsAtWatermark ?? []
        let startedAt = state.startedAt

        var fresh: [HatifTimelineEvent] = []
        var history: [HatifTimelineEvent] = []
        var skip = 0
        reading: for _ in 0..<options.maximumTimelinePages {
            let page = try await client.timeline(conversationID: conversation.id, skip: skip, limit: options.timelinePageSize)
            for item in page.items {
                let time = item.creationTime ?? .distantPast
                let second = time.wholeSecond
                // Nothing from before the worker first started is ever new, on any poll. Other
                // times compare by the second, and ties by id: one answer may print `…:36Z`
                // and the next `…:36.194355Z` for the same entry.
                let beforeStart = startedAt.map { time.isCertainly(before: $0) } ?? false
                if !beforeStart, second > watermark.wholeSecond || (second == watermark.wholeSecond && !seenIDs.contains(item.eventID)) {
                    fresh.append(item)
                } else {
                    history.append(item)
                    if known != nil { break reading }
                }
            }
            skip += page.items.count
            if page.items.count < options.timelinePageSize || skip >= page.totalCount { break }
            if known == nil, !history.isEmpty { break }
        }
        if known == nil {
            // First sight: the recent history gives the unread count and reply times.
            for item in history.reversed() { memory.tally.apply(item) }
        }

        var events: [Event] = []
        if known == nil, history.isEmpty, !fresh.isEmpty {
            var tally = memory.tally
            if let first = fresh.last { tally.apply(first) }
            let time = fresh.last?.creationTime ?? conversation.lastActivityAt ?? Date()
            events.append(Event(id: "\(conversation.id):created", type: .conversationCreated, time: time,
                                conversation: mapper.snapshot(of: conversation, tally: ConversationTally()), metadata: ["source": "poll"]))
        }
        events += mapper.events(for: conversation, newItems: fresh, tally: &memory.tally)
            .map { event in
                var event = event
                event.metadata["source"] = "poll"
                return event
            }
        events += changes(of: conversation, since: known, snapshot: mapper.snapshot(of: conversation, tally: memory.tally))

        let all = fresh + history
        if let newest = all.compactMap(\.creationTime).max() {
            let watermark = max(newest, known?.watermark ?? newest)
            let second = watermark.wholeSecond
            memory.watermark = watermark
            memory.idsAtWatermark = Set(all.filter { $0.creationTime.map(\.wholeSecond) == second }.map(\.eventID))
                .union(known?.watermark.map(\.wholeSecond) == second ? seenIDs : [])
        }
        memory.status = conversation.isOpen ? 1 : 2
        memory.tagIDs = conversation.tags?.map(\.id) ?? known?.tagIDs ?? []
        memory.lastActivityAt = conversation.lastActivityAt
        state.conversations[conversation.id] = memory
        return events
    }

    /// Changes that show only in the conversation itself: status and tags.
    private func changes(of conversation: HatifConversation, since known: ConversationMemory?, snapshot: ConversationSnapshot) -> [Event] {
        guard let known else { return [] }
        let time = conversation.lastActivityAt ?? clock.now()
        let stamp = Timestamp.format(time)
        let metadata = Event.derivedMetadata(source: "poll", observedAt: clock.now())
        var events: [Event] = []
        let status = conversation.isOpen ? 1 : 2
        if let previous = known.status, previous != status {
            let type: EventType = status == 2 ? .conversationClosed : .conversationReopened
            events.append(Event(id: "\(conversation.id):\(type.rawValue):\(stamp)", type: type, time: time, conversation: snapshot, metadata: metadata))
        }
        // Tags that could not be read are no change.
        if let tagIDs = conversation.tags?.map(\.id), Set(tagIDs) != Set(known.tagIDs) {
            events.append(Event(id: "\(conversation.id):tags:\(tagIDs.sorted().joined(separator: ",")):\(stamp)", type: .conversationTagged,
                                time: time, conversation: snapshot, metadata: metadata))
        }
        return events
    }
}
