import Foundation

/// A matching rule that did not act on this event.
public struct Suppression: Sendable, Hashable {
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// `once: true` and it already acted on the conversation at this time.
        case once(firedAt: Date)
        /// Still cooling down until this time.
        case cooldown(until: Date)
        /// `sample:` and the conversation's contact is not among the contacts the rule acts for.
        case outsideSample(percent: Int)

        public var description: String {
            switch self {
            case .outsideSample(let percent): "sample: this contact is not among the \(percent)% the rule acts for"
            case .once(let firedAt): "once: already acted on this conversation at \(Timestamp.format(firedAt))"
            case .cooldown(let until): "cooldown: may act again on this conversation at \(Timestamp.format(until))"
            }
        }
    }

    public let ruleID: String
    public let reason: Reason
}
