import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Everything the fake TimelinesAI holds, and the operations on it. A value type, so that the
/// actor around it serializes access.
public struct FakeTimelinesAIState: Sendable, FakeWriteLog {
    public let options: FakeTimelinesAI.Options
    var teammates: [(email: String, name: String)] = []
    var chats: [Int: FakeTimelinesAIChat] = [:]
    /// Per chat, oldest first.
    var messages: [Int: [FakeTimelinesAIMessage]] = [:]
    var hooks: [(id: Int, eventType: String, url: String, enabled: Bool)] = []
    var faults: [FakeFault] = []
    public var writes: [FakeWrite] = []
    /// Requests refused with 429 for the rate limit.
    public internal(set) var rateLimited = 0
    /// Per token: when its rate window began and the requests in it.
    var rateWindows: [String: (start: Date, count: Int)] = [:]
    /// Deliveries waiting for the webhook sender, when webhooks are on.
    var webhookOutbox: [JSONValue] = []
    public var webhooksEnabled = false
    /// Sends whose `message:sent:new` went out.
    var announcedSends: Set<String> = []
    /// When the last queued send goes out: the next goes about 2 s after it.
    var queueFreeAt: Date?
    /// Counts answers, so that id forms and link forms vary from one to the next.
    var answerNumber = 0
    var receivedDeliveries = 0
    /// Counts webhook deliveries, so that they alternate between the documented forms.
    var deliveryNumber = 0
    private var nextChatID = 27_616_435
    private var nextUID = 1
    private var random = SeededRandom(seed: 11)

    /// The connected WhatsApp account.
    static let account = (name: "Acme Support", phone: "+972502222222", jid: "972502222222@s.whatsapp.net", email: "owner@acme.example")

    init(options: FakeTimelinesAI.Options, seed: Bool) {
        self.options = options
        if seed { FakeTimelinesAISeed.load(into: &self) }
    }

    public var now: Date { options.now() }

    mutating func makeUID() -> String {
        defer { nextUID += 1 }
        let hex = String(format: "%012x", nextUID &* 2_654_435_761 & 0xffff_ffff_ffff)
        return "7e1f0c2a-\(String(format: "%04x", nextUID % 0xffff))-4b6e-9d3a-\(hex)"
    }

    @discardableResult
    mutating func addChat(id: Int? = nil, name: String, phone: String, at time: Date? = nil) -> Int {
        let id = id ?? nextChatID
        nextChatID = max(nextChatID, id) + 1
        chats[id] = FakeTimelinesAIChat(id: id, name: name, phone: phone, createdAt: time ?? now)
        return id
    }

    @discardableResult
    mutating func append(_ message: FakeTimelinesAIMessage) -> FakeTimelinesAIMessage {
        messages[message.chatID, default: []].append(message)
        return message
    }

    /// The chat an id names (with or without inboxbot's `timelinesai:` prefix).
    func chat(_ reference: String) -> FakeTimelinesAIChat? {
        Self.chatNumber(reference).flatMap { chats[$0] }
    }

    static func chatNumber(_ reference: String) -> Int? {
        Int(reference.split(separator: ":").last.map(String.init) ?? reference)
    }

    // MARK: Customers and agents

    mutating func customerMessage(_ text: String, in reference: String) -> String? {
        guard let id = Self.chatNumber(reference), var chat = chats[id] else { return nil }
        chat.read = false
        chats[id] = chat
        let message = append(FakeTimelinesAIMessage(uid: makeUID(), chatID: id, time: now, fromMe: false, text: text, origin: "synced from WhatsApp",
                                                    senderName: chat.name, sentAt: now))
        if webhooksEnabled { webhookOutbox.append(messageDelivery(message, in: chat)) }
        return message.uid
    }

    mutating func newChat(phone: String, name: String, firstMessage: String) -> String {
        let id = addChat(name: name, phone: phone)
        if webhooksEnabled, let chat = chats[id] { webhookOutbox.append(chatDelivery("chat:created", chat)) }
        _ = customerMessage(firstMessage, in: String(id))
        return String(id)
    }

    mutating func agentNote(_ text: String, in reference: String) {
        guard let id = Self.chatNumber(reference), chats[id] != nil else { return }
        append(FakeTimelinesAIMessage(uid: makeUID(), chatID: id, time: now, fromMe: true, text: text, origin: "TimelinesAI", isNote: true,
                                      senderName: "Kate Lee", createdBy: "Kate Lee (kate@acme.example)", sentAt: now))
    }

    mutating func agentAssigns(_ reference: String, to email: String?) {
        guard let id = Self.chatNumber(reference), var chat = chats[id] else { return }
        chat.responsible = email
        chats[id] = chat
        if webhooksEnabled { webhookOutbox.append(chatDelivery(email == nil ? "chat:unassigned" : "chat:assigned", chat)) }
    }

    /// An agent closes the chat in TimelinesAI's web app: no webhook says so.
    mutating func agentCloses(_ reference: String) {
        guard let id = Self.chatNumber(reference) else { return }
        chats[id]?.closed = true
    }

    /// A send accepted now: it goes out about 2 s after the one before it.
    mutating func queueSend(_ text: String, in chatID: Int) -> FakeTimelinesAIMessage {
        let gap = Double.random(in: options.sendGap, using: &random)
        let sentAt = max(now, queueFreeAt ?? now).addingTimeInterval(gap)
        queueFreeAt = sentAt
        return append(FakeTimelinesAIMessage(uid: makeUID(), chatID: chatID, time: now, fromMe: true, text: text, origin: "Public API",
                                             senderName: Self.account.name, createdBy: "Public API", sentAt: sentAt))
    }

    // MARK: Inspection, for tests

    /// What went out from the account, notes left out, queued sends included.
    func sentTexts(in reference: String) -> [String] {
        guard let id = Self.chatNumber(reference) else { return [] }
        return (messages[id] ?? []).filter { $0.fromMe && !$0.isNote }.map(\.text)
    }

    func chatIDs() -> [String] {
        chats.keys.sorted().map(String.init)
    }

    /// Messages in the chat's history now. A queued send is there at once, with status
    /// `Pending` (inferred: TimelinesAI gives its uid at once, and has it by that uid), so that
    /// a send whose answer was lost is found, not sent again.
    func history(of chatID: Int) -> [FakeTimelinesAIMessage] {
        messages[chatID] ?? []
    }
}
