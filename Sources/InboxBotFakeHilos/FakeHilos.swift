import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// An in-memory Hilos that behaves like its public API as `platforms-more.md` describes it:
/// `Authorization: Token <key>`; lists paged by page number with `{count, next, previous,
/// results}` and no documented order (here: by id, unrelated to time); `account-member` as a
/// plain array; conversations with their first message only, and no message list; tags by
/// name, locked once a conversation is CLOSED; template sends answering `201 {id,
/// conversation}`, 404 for an unapproved or unknown template, 400 for a wrong number of
/// variables; statuses CREATED, FLOW, FLOW_PAUSED, NEW, IN_PROGRESS, RESOLVED, CLOSED; no
/// webhooks. A customer who writes after a conversation was CLOSED starts a new one.
///
/// It records every write it receives, and injects faults on request; tests assert on both.
public actor FakeHilos: FakeAdministration, FakeWebhookSource {
    public struct Options: Sendable {
        public var key: String
        public var now: @Sendable () -> Date
        public var sendLatency: ClosedRange<Double>
        public var requestLatency: ClosedRange<Double>

        public init(key: String = "fake-hilos-key", now: @escaping @Sendable () -> Date = { Date() }, sendLatency: ClosedRange<Double> = 0...0,
                    requestLatency: ClosedRange<Double> = 0...0) {
            self.key = key
            self.now = now
            self.sendLatency = sendLatency
            self.requestLatency = requestLatency
        }
    }

    public let options: Options
    var state: FakeHilosState

    public init(options: Options = Options(), seed: Bool = true) {
        self.options = options
        state = FakeHilosState(options: options, seed: seed)
    }

    public func withState<T: Sendable>(_ body: @Sendable (inout FakeHilosState) throws -> T) rethrows -> T {
        try body(&state)
    }

    public var writes: [FakeWrite] { state.writes }
    public func inject(_ fault: FakeFault) { state.faults.append(fault) }
    public func clearFaults() { state.faults.removeAll() }
    public func customerWrites(_ text: String, in conversation: String) -> String? { state.customerWrites(text, in: conversation) }
    public func conversationIDs() -> [String] { state.conversations.keys.sorted() }
    public func sentTexts(in conversation: String) -> [String] { state.sentTexts(in: conversation) }

    /// A customer writes from a new number: a new conversation; its id.
    @discardableResult
    public func newConversation(phone: String, name: String, text: String) -> String { state.newConversation(phone: phone, name: name, text: text) }
    public func agentAnswers(_ conversation: String) { state.setStatus(conversation, "IN_PROGRESS") }
    public func agentCloses(_ conversation: String) { state.setStatus(conversation, "CLOSED") }
    /// Resolved: closed by an agent, the satisfaction survey running.
    public func agentResolves(_ conversation: String) { state.setStatus(conversation, "RESOLVED") }
    public func status(of conversation: String) -> String? { state.conversation(conversation)?.status }
    public func tags(of conversation: String) -> [String] { state.conversation(conversation)?.tags ?? [] }
    public func assignees(of conversation: String) -> [Int] { state.conversation(conversation)?.assigned ?? [] }
    public func agentTags(_ conversation: String, _ tags: [String]) { state.setTags(conversation, tags) }

    // MARK: FakeWebhookSource: Hilos has no webhooks; these are a flow's HTTP step's pushes.

    /// Never used: Hilos signs nothing, and the worker's key goes in the URL.
    public nonisolated var signatureHeader: String { "X-Hilos-Signature" }
    public func startWebhooks() { state.flowPushesEnabled = true }
    public func takeWebhooks() -> [Data] { state.takeFlowPushes().map { Data($0.serialized(indent: nil).utf8) } }
}
