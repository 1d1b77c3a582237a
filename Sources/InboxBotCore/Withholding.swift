import Foundation

/// Why the send guard kept an automated send back, whatever the rule said.
/// Indirect: held by every planned action, it costs a pointer there, not its largest case.
public indirect enum Withholding: Sendable, Hashable, CustomStringConvertible {
    /// The contact opted out (at this time, or earlier in the same event when nil).
    case optedOut(at: Date?)
    /// The contact already had `limit` automated sends on this calendar day (days since 1970-01-01).
    case sendLimit(limit: Int, day: Int)

    public var description: String {
        switch self {
        case .optedOut(let time?): "the contact opted out at \(Timestamp.format(time))"
        case .optedOut(nil): "the contact opted out earlier in this event"
        case .sendLimit(let limit, let day):
            "send_limit: the contact already had \(limit) automated \(limit == 1 ? "message" : "messages") on \(CivilDate(daysSinceEpoch: day))"
        }
    }
}
