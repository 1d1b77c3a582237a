import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Everything the fake Hatif holds, and the operations on it. A value type, so that the
/// actor around it serializes access and tests can reason about one state at a time.
public struct FakeHatifState: Sendable, FakeWriteLog {
    public let options: FakeHatif.Options
    var channels: [FakeChannel] = []
    var users: [FakeUser] = []
    var tags: [FakeTag] = []
    var propertyDefinitions: [FakePropertyDefinition] = []
    /// Contact id, then property definition id, then the value set.
    public internal(set) var contactProperties: [String: [String: String]] = [:]
    var conversations: [String: FakeConversation] = [:]
    var timeline: [String: [FakeTimelineItem]] = [:]
    /// Token to expiry, and whether it was issued with the VoxaAPI scope.
    var tokens: [String: (expires: Date, scoped: Bool)] = [:]
    var faults: [FakeFault] = []
    public var writes: [FakeWrite] = []
    /// Webhook deliveries waiting for `FakeWebhookSender`, when webhooks are on.
    var webhookOutbox: [JSONValue] = []
    public var webhooksEnabled = false
    /// Every API request, as "METHOD path", for tests that count calls.
    public internal(set) var requests: [String] = []
    public internal(set) var tokensIssued = 0
    /// API requests being answered now, and the most there were at once: what a client
    /// overlaps shows here whatever the latency.
    var requestsInFlight = 0
    public internal(set) var mostRequestsInFlight = 0
    private var nextID = 1
    /// Counts answers, so that a varying timestamp style changes from one to the next.
    var answerNumber = 0

    public init(options: FakeHatif.Options, seed: Bool) {
        self.options = options
        if seed { FakeHatifSeed.standard.load(into: &self) }
    }

    mutating func makeID(_ prefix: String) -> String {
        defer { nextID += 1 }
        return "\(prefix)-\(String(format: "%06d", nextID))"
    }

    public var now: Date { options.now() }

    // MARK: Seeding, for tests and the demo

    public mutating func addChannel(id: String, name: String, phoneNumber: String, type: Int = 2) {
        channels.append(FakeChannel(id: id, name: name, type: type, phoneNumber: phoneNumber))
    }

    public mutating func addUser(id: String, userID: String, email: String, name: String) {
        users.append(FakeUser(id: id, userID: userID, email: email, name: name))
    }

    @discardableResult
    public mutating func addPropertyDefinition(name: String, key: String, type: Int, options: [String] = []) -> String {
        let definition = FakePropertyDefinition(id: makeID("property"), name: name, key: key, type: type, options: options, created: now)
        propertyDefinitions.append(definition)
        return definition.id
    }

    @discardableResult
    public mutating func addTag(named name: String, id: String? = nil) -> String {
        let tag = FakeTag(id: id ?? makeID("tag"), name: name, created: now)
        tags.append(tag)
        return tag.id
    }

    /// Opens a conversation with a contact on a channel, and returns its id.
    @discardableResult
    public mutating func addConversation(id: String? = nil, channelID: String, contactName: String, phoneNumber: String, tags tagNames: [String] = [], assigneeUserID: String? = nil, at time: Date? = nil) -> String {
        let time = time ?? now
        let conversation = FakeConversation(
            id: id ?? makeID("conv"), channelID: channelID, contactID: makeID("contact"), contactName: contactName,
            phoneNumber: phoneNumber, status: 1, assigneeID: assigneeUserID,
            tagIDs: tagNames.compactMap { name in tags.first { $0.name == name }?.id }, createdAt: time, lastActivityAt: time)
        conversations[conversation.id] = conversation
        timeline[conversation.id] = []
        return conversation.id
    }

    /// An agent closes the conversation in Hatif's app. Whether that moves `LastActivityAt`
    /// is not documented; here it does, so the conversation comes up in the list.
    public mutating func agentCloses(_ conversationID: String) {
        let time = now
        conversations[conversationID]?.status = 2
        conversations[conversationID]?.lastActivityAt = time
    }

    /// A customer's WhatsApp message, as if it had just arrived. Returns its event id.
    @discardableResult
    public mutating func customerMessage(_ body: String, in conversationID: String, at time: Date? = nil) -> String? {
        append(to: conversationID, source: 2, direction: 1, status: "Delivered", body: body, at: time ?? now)
    }

    /// A missed inbound call. Returns its event id.
    @discardableResult
    public mutating func missedCall(in conversationID: String, at time: Date? = nil) -> String? {
        append(to: conversationID, source: 1, direction: 1, status: "Missed", body: nil, at: time ?? now)
    }

    /// An agent's reply from the portal. Returns its event id.
    @discardableResult
    public mutating func agentReply(_ body: String, in conversationID: String, by userID: String?, at time: Date? = nil) -> String? {
        append(to: conversationID, source: 2, direction: 2, status: "Sent", body: body, owner: userID, at: time ?? now)
    }

    @discardableResult
    mutating func append(to conversationID: String, source: Int, direction: Int, status: String, body: String?, owner: String? = nil,
                assigned: String? = nil, duration: Int = 0, at time: Date) -> String? {
        guard var conversation = conversations[conversationID] else { return nil }
        let item = FakeTimelineItem(
            eventID: makeID("evt"), conversationID: conversationID, sourceType: source, direction: direction, time: time,
            status: status, body: body, ownerUserID: owner, durationSeconds: duration, assignedUserID: assigned)
        timeline[conversationID, default: []].append(item)
        conversation.lastActivityAt = max(conversation.lastActivityAt, time)
        conversations[conversationID] = conversation
        if webhooksEnabled { queueWebhooks(for: item, in: conversation) }
        return item.eventID
    }

    // MARK: Faults and the write log

    public mutating func inject(_ fault: FakeFault) {
        faults.append(fault)
    }

    public mutating func clearFaults() {
        faults.removeAll()
    }

    mutating func takeFault(method: String, path: String) -> FakeFault? {
        faults.take(method: method, path: path)
    }

    /// The timeline of a conversation, oldest first, for tests.
    public func timelineBodies(of conversationID: String) -> [FakeTimelineEntry] {
        (timeline[conversationID] ?? []).map { FakeTimelineEntry(direction: $0.direction, body: $0.body) }
    }

    public func tagNames(of conversationID: String) -> [String] {
        (conversations[conversationID]?.tagIDs ?? []).compactMap { id in tags.first { $0.id == id }?.name }
    }

    public func assignee(of conversationID: String) -> String? {
        conversations[conversationID]?.assigneeID
    }

    public func conversationIDs() -> [String] {
        conversations.keys.sorted()
    }
}
