import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// An in-memory TimelinesAI that behaves like the Public API as `platforms-more.md` describes
/// it: the `{status, data}` envelope, errors too; a 404 HTML page for a path ending in a slash;
/// chat ids as integers or strings from one answer to the next; `2023-06-18 15:19:23 +0300`
/// times; 50 a page with `has_more_pages`, chats listed by name; a PATCH that ignores fields it
/// does not know and answers 200; labels added by PUT and replaced by POST; sends accepted at
/// once and sent about 2 s apart, each then delivered as `message:sent:new`; inbound messages
/// with status `Not connected`; agents' notes; unsigned webhook deliveries, some with the wrong
/// `event_type` the documentation's own example has; and 429s past 50 requests a minute.
///
/// It records every write it receives, and injects faults on request; tests assert on both.
public actor FakeTimelinesAI: FakeWebhookSource, FakeAdministration {
    public struct Options: Sendable {
        public var token: String
        public var now: @Sendable () -> Date
        /// Seconds a send's request takes; it is accepted near the end.
        public var sendLatency: ClosedRange<Double>
        /// Seconds every other request takes.
        public var requestLatency: ClosedRange<Double>
        /// Seconds between queued sends going out (TimelinesAI: about 2).
        public var sendGap: ClosedRange<Double>
        /// Requests per window per token, and the window's seconds (the stricter published figure: 50 a minute).
        public var rateLimit: Int
        public var rateWindowSeconds: Double
        public var pageSize: Int

        public init(token: String = "fake-timelinesai-token", now: @escaping @Sendable () -> Date = { Date() }, sendLatency: ClosedRange<Double> = 0...0,
                    requestLatency: ClosedRange<Double> = 0...0, sendGap: ClosedRange<Double> = 1.5...2.5, rateLimit: Int = 50,
                    rateWindowSeconds: Double = 60, pageSize: Int = 50) {
            self.token = token
            self.now = now
            self.sendLatency = sendLatency
            self.requestLatency = requestLatency
            self.sendGap = sendGap
            self.rateLimit = rateLimit
            self.rateWindowSeconds = rateWindowSeconds
            self.pageSize = pageSize
        }
    }

    public let options: Options
    var state: FakeTimelinesAIState

    public init(options: Options = Options(), seed: Bool = true) {
        self.options = options
        state = FakeTimelinesAIState(options: options, seed: seed)
    }

    public func withState<T: Sendable>(_ body: @Sendable (inout FakeTimelinesAIState) throws -> T) rethrows -> T {
        try body(&state)
    }

    public var writes: [FakeWrite] { state.writes }
    public func inject(_ fault: FakeFault) { state.faults.append(fault) }
    public func clearFaults() { state.faults.removeAll() }

    /// A customer writes in a chat (by id); returns the message's uid.
    @discardableResult
    public func customerMessage(_ text: String, in chat: String) -> String? { state.customerMessage(text, in: chat) }

    /// A customer writes from a new number; returns the new chat's id.
    @discardableResult
    public func newChat(phone: String, name: String, firstMessage: String) -> String { state.newChat(phone: phone, name: name, firstMessage: firstMessage) }

    public func agentNote(_ text: String, in chat: String) { state.agentNote(text, in: chat) }
    public func agentAssigns(_ chat: String, to email: String?) { state.agentAssigns(chat, to: email) }
    public func agentCloses(_ chat: String) { state.agentCloses(chat) }
    public func sentTexts(in chat: String) -> [String] { state.sentTexts(in: chat) }
    public func conversationIDs() -> [String] { state.chatIDs() }
    public func customerWrites(_ text: String, in conversation: String) -> String? { state.customerMessage(text, in: conversation) }
    public func responsible(of chat: String) -> String? { state.chat(chat)?.responsible }
    public func labels(of chat: String) -> [String] { state.chat(chat)?.labels ?? [] }
    public func isClosed(_ chat: String) -> Bool? { state.chat(chat)?.closed }

    // MARK: FakeWebhookSource

    public nonisolated var signatureHeader: String { "X-TimelinesAI-Signature" }
    public func startWebhooks() { state.webhooksEnabled = true }
    public func takeWebhooks() -> [Data] { state.takeWebhooks().map { Data($0.serialized(indent: nil).utf8) } }
}
