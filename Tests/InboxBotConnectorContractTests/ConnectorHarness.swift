import Crypto
import Foundation
import InboxBotCore

/// What the connector contract suite needs of a platform: its real connector, talking over
/// loopback HTTP to its fake, and hands on the fake. Each platform's connector passes the
/// same suite; adding a platform means adding its harness to `ConnectorContractTests.platforms`.
protocol ConnectorHarness: Sendable {
    /// The platform's name, for the tests' labels.
    var name: String { get }
    /// Starts the fake and a connector on it (webhooks signed with `webhookSecret`), runs `body`, stops.
    func run(webhookSecret: String, _ body: @Sendable (any Connector, any FakePlatformControl) async throws -> Void) async throws
}

/// What the suite does to a fake platform, as its customers and as its inspector.
protocol FakePlatformControl: Sendable {
    /// A conversation the fake was seeded with, which has a contact to send to.
    func someConversationID() async -> String
    /// A customer writes in the conversation; returns the id the platform gives the message.
    func customerWrites(_ body: String, in conversationID: String) async -> String
    /// The texts sent to the customer in the conversation, oldest first.
    func sentTexts(in conversationID: String) async -> [String]
    /// A channel new conversations can be opened on, as rules name it.
    var channel: String { get }
    /// The conversation the platform has with a phone number, as the connector names it; nil when none.
    func conversation(withPhone phone: String) async -> String?
    /// Whether the conversation is open on the platform.
    func isOpen(_ conversationID: String) async -> Bool
    /// An agent closes the conversation in the platform's own app, which pushes nothing.
    func agentCloses(_ conversationID: String) async
    /// The user the conversation is assigned to, as the platform names it; nil when none.
    func assignee(of conversationID: String) async -> String?
    /// An email the platform knows a user by.
    var userEmail: String { get }
    /// The next read of a conversation's messages answers `status` (with Retry-After seconds for a 429).
    func failNextMessageRead(status: Int, retryAfter: Int?) async
    /// The next send is carried out, but its answer is cut off half-way.
    func dropNextSendAnswer() async
    /// The webhook delivery the platform would make for a customer's message, signed.
    func delivery(forMessage id: String, body: String, in conversationID: String, secret: String) async -> WebhookRequest
    func reply(_ text: String) -> (action: RenderedAction, sent: String)
    func customerStarts(_ body: String) async -> (conversationID: String, messageID: String)?
}

extension FakePlatformControl {
    /// What the platform sends to a customer, and how it shows among the sent texts: free text
    /// where it can, else its own way (Hilos: a template carrying the text).
    func reply(_ text: String) -> (action: RenderedAction, sent: String) { (.sendText(text), text) }

    /// A customer starts a new conversation; its id and its first message's. Only platforms whose
    /// API shows just a conversation's first message need it.
    func customerStarts(_ body: String) async -> (conversationID: String, messageID: String)? { nil }

    static func hexHMAC(_ body: Data, secret: String) -> String { FakeControlSigning.hexHMAC(body, secret: secret) }
}

/// Signs a body as Hatif and TextUs do: the hex HMAC-SHA256 of its bytes.
enum FakeControlSigning {
    static func hexHMAC(_ body: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}
