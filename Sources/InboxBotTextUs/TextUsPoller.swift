import Foundation
import InboxBotCore

/// Reads new events from TextUs by polling.
///
/// It lists the account's `all` conversation filter, newest message first, and stops at the
/// newest activity seen before, so a quiet account costs one list call. For each conversation
/// whose latest message changed it reads the timeline back to the last member taken, and
/// turns the new members into events with the conversation as it stood. TextUs pushes no
/// assignment, close or reopen, and they do not move a conversation up the list, so every
/// conversation listed is compared with its last snapshot, and every `sweepSeconds` more
/// pages are listed for that comparison: such changes become derived events that say when
/// they were observed.
///
/// Nothing older than when the worker first started is ever emitted: the first poll takes
/// positions, and only what came after the start. Its state is `Codable`, for the worker to
/// keep between runs.
public actor TextUsPoller: EventPoller {
    public struct State: Codable, Sendable, Hashable {
        /// The newest latest-message time listed.
        public var activityCursor: Date?
        public var conversations: [String: Memory] = [:]
        public var startedAt: Date?
        /// When the last sweep of the longer list was made.
        public var sweptAt: Date?

        public init(startedAt: Date? = nil) {
            self.startedAt = startedAt
        }
    }

    /// What the poller remembers of one conversation.
    public struct Memory: Codable, Sendable, Hashable {
        public var tally = ConversationTally()
        /// The newest timeline member taken, and the ids taken at that same second.
        public var watermark: Date?
        public var idsAtWatermark: Set<String> = []
        public var open: Bool?
        /// Assigned users' ids, sorted; nil when the list gave only a link.
        public var assignees: [String]?
        public var latestActivity: Date?
        /// The newest message's id when last listed.
        public var latestItemID: String?
        /// Whether the tally holds the timeline read so far; false until it is first read.
        public var tallied = true
    }

    public struct Options: Sendable {
        /// The most pages of the list read in one poll, and in a sweep.
        public var maximumListPages = 20
        public var sweepPages = 10
        public var sweepSeconds: Double = 60
        /// The most timeline pages read for one conversation in one poll.
        public var maximumTimelinePages = 20
        public var filter = "all"
        public init() {}
    }

    let client: TextUsClient
    let directory: TextUsDirectory
    let options: Options
    let clock: any WallClock
    public private(set) var state = State()
    private var cursorKeeper = PollerCursor<State>()

    public init(client: TextUsClient, directory: TextUsDirectory, options: Options = Options(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.directory = directory
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

    func poll() async throws(TextUsError) -> [Event] {
        let now = clock.now()
        // The first poll sweeps too: it takes the state of every conversation it will compare.
        let sweeping = state.sweptAt.map { now.timeIntervalSince($0) >= options.sweepSeconds } ?? true
        let cursor = state.activityCursor
        var listed: [TextUsConversation] = []
        var next: String?
        for page in 0..<max(options.sweepPages, options.maximumListPages) {
            let answer = try await client.conversations(filter: options.filter, next: next)
            listed += answer.members
            // Newest first: a member in the cursor's second or before means the rest were listed
            // before (times are compared by the second, as their printed precision varies; one
            // listed late in that second is found by the next sweep). Past it only a sweep reads on.
            let reachedCursor = cursor.map { cursor in answer.members.contains { ($0.latestActivity ?? .distantPast).wholeSecond <= cursor.wholeSecond } } ?? true
            let wanted = reachedCursor ? sweeping && page + 1 < options.sweepPages : page + 1 < options.maximumListPages
            guard let link = answer.next, wanted else { break }
            next = link
        }
        if sweeping { state.sweptAt = now }
        if let newest = listed.compactMap(\.latestActivity).max() { state.activityCursor = max(newest, cursor ?? newest) }

        let mapper = try await directory.mapper()
        var events: [Event] = []
        var seen: Set<String> = []
        for conversation in listed where seen.insert(conversation.id).inserted {
            events += try await update(conversation, mapper: mapper)
        }
        return events
    }

    private func update(_ conversation: TextUsConversation, mapper: TextUsEventMapper) async throws(TextUsError) -> [Event] {
        let known = state.conversations[conversation.id]
        var memory = known ?? Memory()
        let assignees = conversation.assignments.map { $0.compactMap(\.assignee?.id).sorted() }
        defer {
            memory.open = conversation.isOpen
            memory.assignees = assignees ?? known?.assignees
            memory.latestActivity = conversation.latestActivity ?? known?.latestActivity
            memory.latestItemID = conversation.latestItemID ?? known?.latestItemID
            state.conversations[conversation.id] = memory
        }
        guard known == nil || !Self.sameLatest(conversation, known) else {
            return changes(of: conversation, since: known, assignees: assignees, snapshot: mapper.snapshot(of: conversation, tally: memory.tally))
        }
        // First seen with nothing since the worker started: its state is kept for comparing,
        // and its timeline read only once it changes, to spare the rate limit.
        if known == nil, let activity = conversation.latestActivity, activity.isCertainly(before: state.startedAt ?? .distantFuture) {
            memory.watermark = activity
            memory.tallied = false
            return []
        }
        // Members after this are new: the last one taken; for a conversation first seen, those
        // after the worker first started, even on the first poll, so that a worker stopped
        // before its first poll was saved loses nothing.
        let startedAt = state.startedAt ?? .distantFuture
        let watermark = known?.watermark ?? startedAt
        let seenIDs = known?.idsAtWatermark ?? []
        var items: [TextUsTimelineItem] = []
        var next: String?
        for _ in 0..<options.maximumTimelinePages {
            let page = try await client.timeline(conversationID: conversation.id, next: next)
            items += page.members
            // Newest first, but not strictly (the docs' own example is not): read on while any
            // member of the page could still be new.
            let oldest = page.members.compactMap(\.position).min() ?? .distantPast
            guard let link = page.next, oldest.wholeSecond >= watermark.wholeSecond else { break }
            next = link
        }
        var fresh: [TextUsTimelineItem] = []
        var history: [TextUsTimelineItem] = []
        for item in TextUsEventMapper.chronological(items) {
            let second = (item.position ?? .distantPast).wholeSecond
            let isNew = second > watermark.wholeSecond || (second == watermark.wholeSecond && !seenIDs.contains(item.id))
            if isNew && !(item.position ?? .distantPast).isCertainly(before: startedAt) { fresh.append(item) } else { history.append(item) }
        }
        if known == nil || known?.tallied == false {
            for item in history { TextUsEventMapper.apply(item, to: &memory.tally) }
            memory.tallied = true
        }
        var events: [Event] = []
        if known == nil, history.isEmpty, let first = fresh.first {
            var tally = ConversationTally()
            TextUsEventMapper.apply(first, to: &tally)
            events.append(Event(id: TextUsID.qualified("\(conversation.id):created"), type: .conversationCreated, time: first.position ?? clock.now(),
                                conversation: mapper.snapshot(of: conversation, tally: tally), metadata: ["source": "poll"]))
        }
        events += mapper.events(for: conversation, newItems: fresh, tally: &memory.tally, source: "poll", undated: clock.now())
        events += changes(of: conversation, since: known, assignees: assignees, snapshot: mapper.snapshot(of: conversation, tally: memory.tally))

        if let newest = items.compactMap(\.position).max() {
            let mark = max(newest, known?.watermark ?? newest)
            memory.watermark = mark
            memory.idsAtWatermark = Set(items.filter { $0.position?.wholeSecond == mark.wholeSecond }.map(\.id))
                .union(known?.watermark?.wholeSecond == mark.wholeSecond ? seenIDs : [])
        }
        return events
    }

    /// Whether the conversation's newest message is the one last listed: by its id where both
    /// listings have one, else by the second of its time.
    static func sameLatest(_ conversation: TextUsConversation, _ known: Memory?) -> Bool {
        if let id = conversation.latestItemID, let before = known?.latestItemID { return id == before }
        return conversation.latestActivity?.wholeSecond == known?.latestActivity?.wholeSecond
    }

    /// Changes that show only in the conversation itself: open or closed, and who has it.
    private func changes(of conversation: TextUsConversation, since known: Memory?, assignees: [String]?, snapshot: ConversationSnapshot) -> [Event] {
        guard let known else { return [] }
        let observed = clock.now()
        let stamp = Timestamp.format(observed)
        let metadata = Event.derivedMetadata(source: "poll", observedAt: observed)
        var events: [Event] = []
        if let wasOpen = known.open, wasOpen != conversation.isOpen {
            let type: EventType = conversation.isOpen ? .conversationReopened : .conversationClosed
            events.append(Event(id: TextUsID.qualified("\(conversation.id):\(type.rawValue):\(stamp)"), type: type, time: observed, conversation: snapshot, metadata: metadata))
        }
        // Assignments given only as a link are no change.
        if let assignees, let before = known.assignees, assignees != before {
            events.append(Event(id: TextUsID.qualified("\(conversation.id):assigned:\(assignees.joined(separator: ",")):\(stamp)"), type: .conversationAssigned,
                                time: observed, conversation: snapshot, metadata: metadata))
        }
        return events
    }
}
