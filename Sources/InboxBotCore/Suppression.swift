import Foundation

/// A matching rule that did not act on this event.
public struct Suppression: Sendable, Hashable {
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// `once: true` and it already acted on the conversation at this time.
        case once(firedAt: Date)
        /// Still cooling down until this time.
        case cooldown(until: Date)

        public var description: String {
            switch self {
            case .once(let firedAt): "once: already acted on this conversation at \(Timestamp.format(firedAt))"
            case .cooldown(let until): "cooldown: may act again on this conversation at \(Timestamp.format(until))"
            }
        }
    }

    public let ruleID: String
    public let reason: Reason
}
