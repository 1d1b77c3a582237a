/// What happened when a connector carried out one action. The worker records it.
public enum ActionOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The platform confirmed it. `detail` holds ids it returned (a message's event id, say).
    case done(detail: String?)
    /// The platform refused it, or retries ran out. Nothing happened.
    case failed(reason: String)
    /// It may or may not have happened: a send timed out after it went out. The worker
    /// settles it against the conversation's timeline, never by sending again blindly.
    case unknown(reason: String)

    public var description: String {
        switch self {
        case .done(let detail): "done" + (detail.map { " (\($0))" } ?? "")
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "unknown: \(reason)"
        }
    }
}
