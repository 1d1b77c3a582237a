import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// An in-memory Hatif that behaves like the live Voxa API as `platforms.md` describes it:
/// camelCase answers by default (PascalCase on request), tokens that expire, ABP paging
/// limits, one conversation list per channel, and state that stays consistent as writes
/// change it (a sent template appears in the timeline as an outbound event).
///
/// It records every write it receives, and injects faults on request; tests assert on both.
public actor FakeHatif: FakeAdministration {
    public enum KeyStyle: String, Sendable {
        case camelCase
        case pascalCase
    }

    /// How times are printed. The live API varies from one answer to the next.
    public enum TimestampStyle: String, Sendable {
        /// Always `2026-03-17T12:00:36.194Z`.
        case milliseconds
        /// In turn: milliseconds, whole seconds (`…:36Z`), microseconds (`…:36.194355Z`),
        /// microseconds with no zone (ABP's `…:36.194355`), and Riyadh's offset (`+03:00`).
        case varying
    }

    /// How Get Conversation and Create Conversation give a conversation's tags.
    public enum TagShape: String, Sendable {
        /// TagDto objects, as the list endpoint does.
        case objects
        /// Tag ids (`string[]`), as the API definition declares for these two endpoints.
        case ids
    }

    public struct Options: Sendable {
        public var keyStyle: KeyStyle
        public var clientID: String
        public var clientSecret: String
        public var tokenLifetimeSeconds: Int
        public var now: @Sendable () -> Date
        /// Seconds a send takes, drawn from this range for each one. A send is applied near the
        /// end of it, so a client that gives up (or dies) early has not seen it yet. Live: 0.5–0.7.
        public var sendLatency: ClosedRange<Double>
        /// Seconds every other API request takes (reads, assignments, tags, the token).
        public var requestLatency: ClosedRange<Double>
        /// How times are printed; `varying` also alternates a 429's Retry-After between
        /// seconds and an HTTP date, the two forms HTTP allows.
        public var timestampStyle: TimestampStyle
        public var tagShape: TagShape

        public init(
            keyStyle: KeyStyle = .camelCase, clientID: String = "inboxbot-test", clientSecret: String = "fake-secret",
            tokenLifetimeSeconds: Int = 3600, now: @escaping @Sendable () -> Date = { Date() },
            sendLatency: ClosedRange<Double> = 0...0, requestLatency: ClosedRange<Double> = 0...0, timestampStyle: TimestampStyle = .varying,
            tagShape: TagShape = .ids
        ) {
            self.keyStyle = keyStyle
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.tokenLifetimeSeconds = tokenLifetimeSeconds
            self.now = now
            self.sendLatency = sendLatency
            self.requestLatency = requestLatency
            self.timestampStyle = timestampStyle
            self.tagShape = tagShape
        }
    }

    public let options: Options
    var state: FakeHatifState

    public init(options: Options = Options(), seed: Bool = true) {
        self.options = options
        state = FakeHatifState(options: options, seed: seed)
    }

    /// Runs `body` on the fake's state, alone.
    public func withState<T: Sendable>(_ body: @Sendable (inout FakeHatifState) throws -> T) rethrows -> T {
        try body(&state)
    }

    public var writes: [FakeWrite] { state.writes }
    public var requests: [String] { state.requests }
    public var tokensIssued: Int { state.tokensIssued }
    public var mostRequestsInFlight: Int { state.mostRequestsInFlight }

    public func inject(_ fault: FakeFault) { state.inject(fault) }
    public func clearFaults() { state.clearFaults() }

    @discardableResult
    public func customerMessage(_ body: String, in conversationID: String, at time: Date? = nil) -> String? {
        state.customerMessage(body, in: conversationID, at: time)
    }

    @discardableResult
    public func missedCall(in conversationID: String, at time: Date? = nil) -> String? {
        state.missedCall(in: conversationID, at: time)
    }

    @discardableResult
    public func agentReply(_ body: String, in conversationID: String, by userID: String?, at time: Date? = nil) -> String? {
        state.agentReply(body, in: conversationID, by: userID, at: time)
    }

    @discardableResult
    public func addConversation(channelID: String, contactName: String, phoneNumber: String, at time: Date? = nil) -> String {
        state.addConversation(channelID: channelID, contactName: contactName, phoneNumber: phoneNumber, at: time)
    }

    public func agentCloses(_ conversationID: String) { state.agentCloses(conversationID) }
    public func timelineBodies(of conversationID: String) -> [FakeTimelineEntry] { state.timelineBodies(of: conversationID) }
    public func tagNames(of conversationID: String) -> [String] { state.tagNames(of: conversationID) }
    public func assignee(of conversationID: String) -> String? { state.assignee(of: conversationID) }
    public func conversationIDs() -> [String] { state.conversationIDs() }
    public func customerWrites(_ text: String, in conversation: String) -> String? { customerMessage(text, in: conversation) }
    public func sentTexts(in conversation: String) -> [String] { timelineBodies(of: conversation).filter { $0.direction == 2 }.compactMap(\.body) }
}
