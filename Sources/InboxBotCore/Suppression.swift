import Foundation

/// A matching rule that did not act on this event.
public struct Suppression: Sendable, Hashable {
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// `once` and it already acted in the scope at this time (on this calendar day, when `day` is set).
        case once(firedAt: Date, scope: FiringPolicy.Scope = .conversation, day: CivilDate? = nil)
        /// Still cooling down in the scope until this time.
        case cooldown(until: Date, scope: FiringPolicy.Scope = .conversation)
        /// `sample:` and the conversation's contact is not among the contacts the rule acts for.
        case outsideSample(percent: Int)

        public var description: String {
            switch self {
            case .outsideSample(let percent): "sample: this contact is not among the \(percent)% the rule acts for"
            case .once(let firedAt, let scope, nil): "once: already acted on this \(scope.rawValue) at \(Timestamp.format(firedAt))"
            case .once(let firedAt, let scope, let day?): "once a day: already acted on this \(scope.rawValue) on \(day), at \(Timestamp.format(firedAt))"
            case .cooldown(let until, let scope): "cooldown: may act again on this \(scope.rawValue) at \(Timestamp.format(until))"
            }
        }
    }

    public let ruleID: String
    public let reason: Reason
}
