import Foundation
import InboxBotCore

/// Reads Hilos by comparing snapshots: its API has no webhooks and no messages but a
/// conversation's first, and lists conversations in no documented order.
///
/// Each poll reads the first page and the next few pages of a sweep that goes round the whole
/// list, so its cost is bounded (1 + `sweepPagesPerPoll` requests) whatever the account's
/// size, and every conversation is compared once per round. A conversation not seen before is
/// `conversation.created`, with its first message as `message.received` or `message.sent`
/// (unless it began before the worker first started); a known one's status, assignees and tags
/// are compared: closed, reopened, assigned, tagged, derived with when they were observed.
public actor HilosPoller: EventPoller {
    public struct State: Codable, Sendable, Hashable {
        public var startedAt: Date?
        /// The next page of the sweep.
        public var sweepPage = 2
        public var conversations: [String: Memory] = [:]

        public init(startedAt: Date? = nil) {
            self.startedAt = startedAt
        }
    }

    /// What the poller remembers of one conversation.
    public struct Memory: Codable, Sendable, Hashable {
        public var status: String
        public var assigned: [Int]
        public var tags: [String]
    }

    public struct Options: Sendable {
        public var pageSize = 100
        public var sweepPagesPerPoll = 4
        /// The most pages the first poll reads.
        public var maximumPages = 1000
        public init() {}
    }

    let client: HilosClient
    let memory: HilosConversationMemory
    let options: Options
    let clock: any WallClock
    public private(set) var state = State()
    private var cursorKeeper = PollerCursor<State>()

    init(client: HilosClient, memory: HilosConversationMemory, options: Options = Options(), clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.memory = memory
        self.options = options
        self.clock = clock
    }

    public nonisolated func initialCursor(startedAt time: Date) throws -> Data {
        try JSONEncoder().encode(State(startedAt: time))
    }

    public func poll(from cursor: Data) async throws -> PollResult {
        state = try cursorKeeper.state(for: cursor, current: state)
        let events = try await poll()
        // Partway round the list: the rest of the round is due now, not after a backoff.
        return PollResult(events: events, cursor: try cursorKeeper.handOut(state), moreToRead: state.sweepPage > 2)
    }

    func poll() async throws(HilosError) -> [Event] {
        let first = try await client.conversations(page: 1, pageSize: options.pageSize)
        var listed = first.results
        if first.next != nil {
            if state.conversations.isEmpty {
                // The first poll reads every page: it takes the state of everything it will compare.
                for number in 2...max(2, options.maximumPages) {
                    let page = try await client.conversations(page: number, pageSize: options.pageSize)
                    listed += page.results
                    if page.next == nil { break }
                }
            } else {
                for _ in 0..<options.sweepPagesPerPoll {
                    let page = try await client.conversations(page: state.sweepPage, pageSize: options.pageSize)
                    listed += page.results
                    state.sweepPage = page.next == nil ? 2 : state.sweepPage + 1
                }
            }
        }
        var events: [Event] = []
        var seen: Set<String> = []
        for conversation in listed where seen.insert(conversation.id).inserted {
            events += await update(conversation)
        }
        return events
    }

    private func update(_ conversation: HilosConversation) async -> [Event] {
        await memory.remember(conversation)
        let known = state.conversations[conversation.id]
        let assigned = conversation.assigned.map(\.id).sorted(), tags = conversation.tags.sorted()
        state.conversations[conversation.id] = Memory(status: conversation.status, assigned: assigned, tags: tags)
        guard let known else {
            let startedAt = state.startedAt ?? .distantFuture
            guard let created = conversation.createdAt, !created.isCertainly(before: startedAt) else { return [] }
            let snapshot = HilosEventMapper.snapshot(of: conversation, contact: await contact(of: conversation))
            return HilosEventMapper.creationEvents(of: conversation, snapshot: snapshot, source: "poll", undated: created)
        }
        guard known.status != conversation.status || known.assigned != assigned || known.tags != tags else { return [] }
        let snapshot = HilosEventMapper.snapshot(of: conversation, contact: await contact(of: conversation))
        let observed = clock.now()
        let stamp = Timestamp.format(observed)
        let metadata = Event.derivedMetadata(source: "poll", observedAt: observed)
        var events: [Event] = []
        let wasClosed = HilosEventMapper.status(known.status) != .open, isClosed = HilosEventMapper.status(conversation.status) != .open
        if wasClosed != isClosed {
            let type: EventType = isClosed ? .conversationClosed : .conversationReopened
            events.append(Event(id: HilosID.qualified("\(conversation.id):\(type.rawValue):\(stamp)"), type: type, time: observed, conversation: snapshot, metadata: metadata))
        } else if known.status != conversation.status {
            // A change with no normalized name: NEW to IN_PROGRESS (answered), RESOLVED to CLOSED.
            events.append(Event(id: HilosID.qualified("\(conversation.id):status:\(conversation.status):\(stamp)"), type: .conversationStatusChanged, time: observed,
                                conversation: snapshot, metadata: metadata.merging([Event.previousPlatformStatusKey: known.status]) { $1 }))
        }
        if known.assigned != assigned {
            events.append(Event(id: HilosID.qualified("\(conversation.id):assigned:\(conversation.assigned.map { String($0.id) }.joined(separator: ",")):\(stamp)"),
                                type: .conversationAssigned, time: observed, conversation: snapshot, metadata: metadata))
        }
        if known.tags != tags {
            events.append(Event(id: HilosID.qualified("\(conversation.id):tags:\(tags.joined(separator: ",")):\(stamp)"),
                                type: .conversationTagged, time: observed, conversation: snapshot, metadata: metadata))
        }
        return events
    }

    /// The contact of a conversation with events, for its name and phone: one request per
    /// contact, the first time. Without it the events still go out, with the contact known by
    /// id only.
    private func contact(of conversation: HilosConversation) async -> HilosContact? {
        guard let id = conversation.contact else { return nil }
        if let known = await memory.contact(id) { return known }
        guard let read = try? await client.contact(id: id) else { return nil }
        await memory.remember(read)
        return read
    }
}
