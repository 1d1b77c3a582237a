import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Everything the fake Hilos holds, and the operations on it. A value type, so that the
/// actor around it serializes access.
public struct FakeHilosState: Sendable, FakeWriteLog {
    public let options: FakeHilos.Options
    var members: [(id: Int, first: String, last: String, email: String)] = []
    var contacts: [String: (phone: String, first: String, last: String)] = [:]
    /// Each contact's `meta`: custom fields, kept as text.
    public internal(set) var contactMeta: [String: [String: String]] = [:]
    var conversations: [String: FakeHilosConversation] = [:]
    /// Templates: id, name, language, `status` as Hilos lists it (approved, pending,
    /// rejected), `deleted` (soft-deleted: still listed with `is_deleted: true`, refused on
    /// send), and how many variables a send takes.
    var templates: [(id: String, name: String, language: String, status: String, deleted: Bool, variables: Int)] = []
    /// Teams, with their members' ids.
    var teams: [(id: Int, name: String, members: [Int])] = []
    /// Flows the account has, and each run asked for.
    var flows: [(id: String, name: String)] = []
    public internal(set) var flowRuns: [(execution: String, flow: String, phones: [String], variables: [String: String], priority: Bool)] = []
    var faults: [FakeFault] = []
    public var writes: [FakeWrite] = []
    /// Counts answers, so that each prints times and directions in a different documented form.
    var answerNumber = 0
    /// What a flow's HTTP step would post for customers' messages, once asked for (`FakeWebhookSource`).
    var flowPushesEnabled = false
    var flowPushes: [JSONValue] = []
    var flowPushNumber = 0
    private var nextID = 1

    init(options: FakeHilos.Options, seed: Bool) {
        self.options = options
        if seed { FakeHilosSeed.load(into: &self) }
    }

    public var now: Date { options.now() }

    /// A UUID-shaped id, stable per fake, unrelated to time (so listing by id is no time order).
    mutating func makeID() -> String {
        defer { nextID += 1 }
        let mixed = (UInt64(nextID) &* 0x9E37_79B9_7F4A_7C15) >> 16
        return String(format: "%08x-%04x-4%03x-a%03x-%012llx", UInt32(truncatingIfNeeded: mixed >> 16), nextID & 0xffff, (nextID * 7) & 0xfff,
                      (nextID * 13) & 0xfff, mixed & 0xffff_ffff_ffff)
    }

    @discardableResult
    mutating func addContact(phone: String, first: String, last: String = "") -> String {
        if let existing = contacts.first(where: { $0.value.phone == phone }) { return existing.key }
        let id = makeID()
        contacts[id] = (phone, first, last)
        return id
    }

    /// A conversation with its first message, inbound (a customer began it) or outbound.
    @discardableResult
    mutating func addConversation(contact: String, status: String, firstMessage: String, inbound: Bool, source: String, at time: Date? = nil) -> String {
        let id = makeID()
        var conversation = FakeHilosConversation(id: id, contact: contact, status: status, createdOn: time ?? now, source: source)
        conversation.messages = [(makeID(), inbound, firstMessage, time ?? now)]
        conversations[id] = conversation
        return id
    }

    func conversation(_ reference: String) -> FakeHilosConversation? {
        conversations[reference.hasPrefix("hilos:") ? String(reference.dropFirst(6)) : reference]
    }

    // MARK: Customers and agents

    mutating func newConversation(phone: String, name: String, text: String) -> String {
        let contact = addContact(phone: phone, first: name)
        let id = addConversation(contact: contact, status: "NEW", firstMessage: text, inbound: true, source: "INBOX")
        if let conversation = conversations[id], let message = conversation.messages.first { queueFlowPush(text: text, messageID: message.id, conversation: conversation) }
        return id
    }

    /// A customer writes: in an open conversation only the fake sees the message (it waits for
    /// an answer again); after CLOSED, a new conversation begins with it.
    mutating func customerWrites(_ text: String, in reference: String) -> String? {
        guard var conversation = conversation(reference) else { return nil }
        if conversation.status == "CLOSED" || conversation.status == "RESOLVED" {
            let id = addConversation(contact: conversation.contact, status: "NEW", firstMessage: text, inbound: true, source: "INBOX")
            guard let started = conversations[id], let message = started.messages.first else { return nil }
            queueFlowPush(text: text, messageID: message.id, conversation: started)
            return message.id
        }
        let id = makeID()
        conversation.messages.append((id, true, text, now))
        if conversation.status == "IN_PROGRESS" { conversation.status = "NEW" }
        conversations[conversation.id] = conversation
        queueFlowPush(text: text, messageID: id, conversation: conversation)
        return id
    }

    mutating func setStatus(_ reference: String, _ status: String) {
        guard let id = conversation(reference)?.id else { return }
        conversations[id]?.status = status
    }

    /// An agent sets a conversation's tags in Hilos's inbox (which, like the API, refuses once CLOSED).
    mutating func setTags(_ reference: String, _ tags: [String]) {
        guard let conversation = conversation(reference), conversation.status != "CLOSED" else { return }
        conversations[conversation.id]?.tags = tags
    }

    func sentTexts(in reference: String) -> [String] {
        conversation(reference)?.messages.filter { !$0.inbound }.map(\.text) ?? []
    }
}
