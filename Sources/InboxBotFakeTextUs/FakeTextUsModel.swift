import Foundation

/// The fake's records, in TextUs's terms. `FakeTextUsState` renders them as JSON-LD.
struct FakeTextUsUser: Sendable {
    var slug: String
    var name: String
    var email: String
    var id: String { "/users/\(slug)" }
}

struct FakeTextUsConversation: Sendable {
    var slug: String
    var phoneNumber: String
    var contactName: String?
    var open = true
    var closedAt: Date?
    var unsubscribed = false
    /// Assignment slug and the user's slug, oldest first.
    var assignments: [(slug: String, user: String)] = []
    var id: String { "/conversations/\(slug)" }
}

/// One member of a timeline: a message, or a conversation event.
struct FakeTextUsItem: Sendable {
    enum Kind: Sendable {
        case message(inbound: Bool, body: String, sender: String?)
        case event(type: String, user: String?, assignee: String?)
    }

    var slug: String
    var conversation: String
    var kind: Kind
    var time: Date
    /// Outbound messages move queued → dispatched → delivered from here on, or fail.
    var failed = false

    var id: String {
        switch kind {
        case .message: "/messages/\(slug)"
        case .event: "/conversation_events/\(slug)"
        }
    }
}
