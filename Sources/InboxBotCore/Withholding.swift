import Foundation

/// Why the send guard kept an automated send back, whatever the rule said.
public enum Withholding: Sendable, Hashable, CustomStringConvertible {
    /// The contact opted out (at this time, or earlier in the same event when nil).
    case optedOut(at: Date?)
    /// The contact already had `limit` automated sends on this calendar day.
    case sendLimit(limit: Int, day: CivilDate)

    public var description: String {
        switch self {
        case .optedOut(let time?): "the contact opted out at \(Timestamp.format(time))"
        case .optedOut(nil): "the contact opted out earlier in this event"
        case .sendLimit(let limit, let day): "send_limit: the contact already had \(limit) automated \(limit == 1 ? "message" : "messages") on \(day)"
        }
    }
}
