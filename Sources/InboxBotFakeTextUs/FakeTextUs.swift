import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// An in-memory TextUs that behaves like the Next API as `platforms-more.md` describes it:
/// JSON-LD objects with IRI ids, link-or-object fields, Hydra collections paged by opaque
/// `view.next` links, descending timelines with `latestPosition`, a rate limit of 1,000
/// requests per five minutes with `X-RateLimit-*` headers and 429s, outbound messages moving
/// queued → dispatched → delivered, auto-reopen on an inbound reply within a week, and signed
/// webhook deliveries.
///
/// It records every write it receives, and injects faults on request; tests assert on both.
public actor FakeTextUs: FakeAdministration {
    public struct Options: Sendable {
        public var token: String
        public var account: String
        public var now: @Sendable () -> Date
        /// Seconds a send takes; it is applied near the end, so a client that gives up early
        /// has not seen it yet. Not documented; assumed like Hatif's.
        public var sendLatency: ClosedRange<Double>
        /// Seconds every other request takes.
        public var requestLatency: ClosedRange<Double>
        /// Requests per window per token, and the window's seconds (TextUs: 1,000 per 300).
        public var rateLimit: Int
        public var rateWindowSeconds: Double
        /// Members per page of every collection (not documented).
        public var pageSize: Int
        /// Seconds between the delivery states of an outbound message.
        public var deliveryStepSeconds: Double

        public init(token: String = "fake-textus-token", account: String = "acme_support", now: @escaping @Sendable () -> Date = { Date() },
                    sendLatency: ClosedRange<Double> = 0...0, requestLatency: ClosedRange<Double> = 0...0, rateLimit: Int = 1000,
                    rateWindowSeconds: Double = 300, pageSize: Int = 25, deliveryStepSeconds: Double = 1) {
            self.token = token
            self.account = account
            self.now = now
            self.sendLatency = sendLatency
            self.requestLatency = requestLatency
            self.rateLimit = rateLimit
            self.rateWindowSeconds = rateWindowSeconds
            self.pageSize = pageSize
            self.deliveryStepSeconds = deliveryStepSeconds
        }
    }

    public let options: Options
    var state: FakeTextUsState

    public init(options: Options = Options(), seed: Bool = true) {
        self.options = options
        state = FakeTextUsState(options: options, seed: seed)
    }

    public func withState<T: Sendable>(_ body: @Sendable (inout FakeTextUsState) throws -> T) rethrows -> T {
        try body(&state)
    }

    public var writes: [FakeWrite] { state.writes }
    public var requests: [String] { state.requests }
    public func inject(_ fault: FakeFault) { state.faults.append(fault) }
    public func clearFaults() { state.faults.removeAll() }

    /// A customer texts the conversation (an IRI or a slug); returns the message's id.
    @discardableResult
    public func customerMessage(_ body: String, in conversation: String, at time: Date? = nil) -> String? {
        state.customerMessage(body, in: conversation, at: time)
    }

    /// A customer texts the account from a new number; returns the conversation's id.
    @discardableResult
    public func newConversation(phoneNumber: String, contactName: String?, firstMessage: String) -> String {
        state.newConversation(phoneNumber: phoneNumber, contactName: contactName, firstMessage: firstMessage)
    }

    /// A call the account did not answer, delivered as `phone_call.completed` when webhooks are on.
    public func missedCall(in conversation: String) { state.missedCall(in: conversation) }

    public func agentCloses(_ conversation: String) { state.agentCloses(conversation) }
    public func sentTexts(in conversation: String) -> [String] { state.sentTexts(in: conversation) }
    public func assignee(of conversation: String) -> String? { state.assignee(of: conversation) }
    public func conversationIDs() -> [String] { state.conversationIDs() }
    public func customerWrites(_ text: String, in conversation: String) -> String? { state.customerMessage(text, in: conversation, at: nil) }
    public func isOpen(_ conversation: String) -> Bool? { state.conversation(conversation)?.open }
}
