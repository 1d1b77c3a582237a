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
