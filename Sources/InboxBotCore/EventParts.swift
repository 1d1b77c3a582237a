/// Who a message or call went from and to, seen from the business.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case inbound
    case outbound
    case `internal`
}

public enum ConversationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case pending
    case closed
}

public enum MessageType: String, Sendable, Hashable, Codable, CaseIterable {
    case text, image, video, audio, document, location, contact, sticker, template, interactive
}

/// Delivery state of a message, carried by `message.status` events.
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, sent, delivered, read, failed
}

/// The outcome of a call. Each outcome also has its own `call.*` event type.
public enum CallStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case answered
    case missed
    case rejected
    case noAnswer = "no_answer"
    case cancelled
    case failed

    public var eventType: EventType {
        switch self {
        case .answered: .callAnswered
        case .missed: .callMissed
        case .rejected: .callRejected
        case .noAnswer: .callNoAnswer
        case .cancelled: .callCancelled
        case .failed: .callFailed
        }
    }
}
