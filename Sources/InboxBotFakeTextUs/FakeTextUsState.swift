import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Everything the fake TextUs holds, and the operations on it. A value type, so that the
/// actor around it serializes access.
public struct FakeTextUsState: Sendable, FakeWriteLog {
    public let options: FakeTextUs.Options
    var users: [FakeTextUsUser] = []
    var conversations: [String: FakeTextUsConversation] = [:]
    /// Per conversation slug, oldest first.
    var timelines: [String: [FakeTextUsItem]] = [:]
    var faults: [FakeFault] = []
    public var writes: [FakeWrite] = []
    /// Every API request, as "METHOD path".
    public internal(set) var requests: [String] = []
    /// Requests refused with 429 for the rate limit.
    public internal(set) var rateLimited = 0
    /// Per token: when its rate window began and the requests in it.
    var rateWindows: [String: (start: Date, count: Int)] = [:]
    /// Deliveries waiting for the webhook sender, when webhooks are on.
    var webhookOutbox: [JSONValue] = []
    public var webhooksEnabled = false
    /// Outbound messages whose `message.delivered` or `message.failed` went out already.
    var settledDeliveries: Set<String> = []
    /// Counts answers, so that link-or-object fields and link forms vary from one to the next.
    var answerNumber = 0
    private var nextID = 1

    init(options: FakeTextUs.Options, seed: Bool) {
        self.options = options
        if seed { FakeTextUsSeed.load(into: &self) }
    }

    public var now: Date { options.now() }

    /// A slug in TextUs's style: short, mixed case, unguessable-looking, stable per fake.
    mutating func makeSlug() -> String {
        defer { nextID += 1 }
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var value = nextID * 7_919 + 104_729
        var slug = ""
        while slug.count < 6 {
            slug.append(alphabet[value % alphabet.count])
            value /= alphabet.count
            if value == 0 { value = nextID * 31 + slug.count }
        }
        return slug
    }

    // MARK: Seeding and customers

    mutating func addUser(slug: String, name: String, email: String) {
        users.append(FakeTextUsUser(slug: slug, name: name, email: email))
    }

    @discardableResult
    mutating func addConversation(slug: String? = nil, phoneNumber: String, contactName: String?, at time: Date? = nil) -> String {
        let slug = slug ?? makeSlug()
        conversations[slug] = FakeTextUsConversation(slug: slug, phoneNumber: phoneNumber, contactName: contactName)
        append(.event(type: "open", user: nil, assignee: nil), to: slug, at: time ?? now)
        return "/conversations/\(slug)"
    }

    @discardableResult
    mutating func append(_ kind: FakeTextUsItem.Kind, to conversation: String, at time: Date, slug: String? = nil) -> FakeTextUsItem {
        let item = FakeTextUsItem(slug: slug ?? makeSlug(), conversation: conversation, kind: kind, time: time)
        timelines[conversation, default: []].append(item)
        return item
    }

    /// The conversation an IRI or a slug names.
    func conversation(_ reference: String) -> FakeTextUsConversation? {
        conversations[Self.slug(reference)]
    }

    static func slug(_ reference: String) -> String {
        reference.split(separator: "/").last.map(String.init) ?? reference
    }

    mutating func customerMessage(_ body: String, in reference: String, at time: Date? = nil) -> String? {
        let slug = Self.slug(reference)
        guard var conversation = conversations[slug] else { return nil }
        // A closed conversation reopens when the contact replies (docs.textus.com).
        if !conversation.open {
            conversation.open = true
            conversation.closedAt = nil
            conversations[slug] = conversation
        }
        let item = append(.message(inbound: true, body: body, sender: nil), to: slug, at: time ?? now)
        if webhooksEnabled { webhookOutbox.append(delivery("message.received", conversation: conversation, item: item)) }
        // Carriers' opt-out keywords unsubscribe the number: texts to it then fail.
        if Self.optOutKeywords.contains(body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()) {
            conversations[slug]?.unsubscribed = true
            if webhooksEnabled { webhookOutbox.append(optOut(conversation.phoneNumber)) }
        }
        return item.id
    }

    static let optOutKeywords: Set<String> = ["STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "STOPALL"]

    /// `contact.opted_out`, in its own envelope with no conversation.
    mutating func optOut(_ phoneNumber: String) -> JSONValue {
        [
            "@type": "OptOutWebhookDelivery", "id": .string("/integrations/Qx81b/deliveries/\(makeSlug())"),
            "timestamp": .string(Self.webhookStamp(now)), "action": "contact.opted_out", "webHook": "/integrations/Qx81b",
            "optOut": ["@type": "OptOut", "id": .string("/opt_outs/\(makeSlug())"), "type": "opt-out", "phoneNumber": .string(phoneNumber),
                       "formattedPhoneNumber": .string(Self.formatted(phoneNumber)), "account": .string("/accounts/\(options.account)")],
        ]
    }

    mutating func newConversation(phoneNumber: String, contactName: String?, firstMessage: String) -> String {
        let id = addConversation(phoneNumber: phoneNumber, contactName: contactName)
        _ = customerMessage(firstMessage, in: id)
        return id
    }

    mutating func missedCall(in reference: String) {
        guard webhooksEnabled, let conversation = conversation(reference) else { return }
        let call: JSONValue = ["@type": "PhoneCall", "id": .string("/phone_calls/\(makeSlug())"), "direction": "in", "status": "missed", "duration": 0]
        webhookOutbox.append(delivery("phone_call.completed", conversation: conversation, item: nil, extra: [("phoneCall", call)]))
    }

    /// An agent closes the conversation in TextUs's web app: no webhook says so, and the
    /// conversation does not move up the lists, which are ordered by the newest message.
    mutating func agentCloses(_ reference: String) {
        let slug = Self.slug(reference)
        guard var conversation = conversations[slug], conversation.open else { return }
        let time = now
        conversation.open = false
        conversation.closedAt = time
        conversations[slug] = conversation
        append(.event(type: "closed", user: "hikvlD", assignee: nil), to: slug, at: time)
    }

    // MARK: Inspection, for tests

    func sentTexts(in reference: String) -> [String] {
        (timelines[Self.slug(reference)] ?? []).compactMap { item in
            if case .message(false, let body, _) = item.kind { body } else { nil }
        }
    }

    func assignee(of reference: String) -> String? {
        conversation(reference)?.assignments.last.flatMap { assignment in users.first { $0.slug == assignment.user }?.email }
    }

    func conversationIDs() -> [String] {
        conversations.keys.sorted().map { "/conversations/\($0)" }
    }

    /// The delivery state of an outbound message now: it moves on by `deliveryStepSeconds`.
    func deliveryState(of item: FakeTextUsItem) -> String {
        guard case .message(let inbound, _, _) = item.kind else { return "" }
        if inbound { return "received" }
        if item.failed { return "failed" }
        let age = now.timeIntervalSince(item.time)
        let step = options.deliveryStepSeconds
        return age < step ? "queued" : age < 2 * step ? "dispatched" : "delivered"
    }

    // MARK: Webhooks

    /// Deliveries due now: those queued, and `message.delivered` (or `failed`) for each
    /// outbound message that reached it since.
    mutating func takeWebhooks() -> [JSONValue] {
        guard webhooksEnabled else { return [] }
        for (slug, items) in timelines {
            guard let conversation = conversations[slug] else { continue }
            for item in items where !settledDeliveries.contains(item.id) {
                let state = deliveryState(of: item)
                guard state == "delivered" || state == "failed" else { continue }
                settledDeliveries.insert(item.id)
                webhookOutbox.append(delivery("message.\(state)", conversation: conversation, item: item))
            }
        }
        defer { webhookOutbox.removeAll() }
        return webhookOutbox
    }

    /// A `WebhookDelivery` as TextUs sends it; its timestamp has microseconds and an offset.
    mutating func delivery(_ action: String, conversation: FakeTextUsConversation, item: FakeTextUsItem?, extra: [(String, JSONValue)] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("@type", "WebhookDelivery"), ("@context", "/contexts/WebhookDelivery.jsonld"),
            ("id", .string("/integrations/Qx81b/deliveries/\(makeSlug())")),
            ("timestamp", .string(Self.webhookStamp(now))), ("action", .string(action)), ("webHook", "/integrations/Qx81b"),
            ("conversation", conversationJSON(conversation, embedding: false)),
        ]
        if let item { pairs.append(("message", itemJSON(item))) }
        return .object(pairs + extra)
    }

    /// `2023-11-17T13:59:04.568354-05:00`: microseconds, at an offset, as live deliveries came.
    static func webhookStamp(_ date: Date) -> String {
        FakeTimestamp.iso8601(date, precision: .microseconds, offsetSeconds: -5 * 3600)
    }

    /// A time as this answer prints it. The API's examples show milliseconds
    /// (`2018-07-24T20:59:32.156Z`); as clients must read any precision, answers vary in turn:
    /// whole seconds (`…:32Z`), milliseconds, microseconds (`…:32.156418Z`).
    func stamp(_ date: Date) -> String {
        FakeTimestamp.iso8601(date, precision: .cycling(answerNumber))
    }
}
