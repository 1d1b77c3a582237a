/// The normalized kinds of event that every platform connector produces.
///
/// A closed set, so that trigger patterns such as `message.*` can be checked and
/// expanded when rules are compiled rather than on every event.
public enum EventType: String, Sendable, Hashable, Codable, CaseIterable {
    case messageReceived = "message.received"
    case messageSent = "message.sent"
    case messageStatus = "message.status"
    case callAnswered = "call.answered"
    case callMissed = "call.missed"
    case callRejected = "call.rejected"
    case callNoAnswer = "call.no_answer"
    case callCancelled = "call.cancelled"
    case callFailed = "call.failed"
    case conversationCreated = "conversation.created"
    case conversationAssigned = "conversation.assigned"
    case conversationTagged = "conversation.tagged"
    case conversationClosed = "conversation.closed"
    case conversationReopened = "conversation.reopened"
    /// The platform's own status changed where no event above says so: Hilos's `NEW` to
    /// `IN_PROGRESS` (answered), or `RESOLVED` to `CLOSED`. The new one is the conversation's
    /// `platform_status`, the old one the event's `previous_platform_status` metadata.
    case conversationStatusChanged = "conversation.status_changed"

    /// The family before the dot: `message`, `call` or `conversation`.
    public var family: Substring {
        rawValue.prefix { $0 != "." }
    }

    /// True for the event types that carry a `message` part (the `message` family).
    public var carriesMessage: Bool {
        switch self {
        case .messageReceived, .messageSent, .messageStatus: true
        default: false
        }
    }

    /// True for the event types that carry a `call` part (the `call` family).
    public var carriesCall: Bool {
        switch self {
        case .callAnswered, .callMissed, .callRejected, .callNoAnswer, .callCancelled, .callFailed: true
        default: false
        }
    }
}
