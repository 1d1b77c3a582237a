import Foundation

/// An outbox action about to be handed to the platform: marked in flight, in the same
/// transaction as the send guard's last look at its contact's opt-outs.
public struct ActionStart: Sendable {
    public var key: String
    /// The contact keys a send goes to; empty for an action that sends to no contact.
    public var contactKeys: [String]
    /// The event that queued it.
    public var eventID: String

    public init(key: String, contactKeys: [String] = [], eventID: String) {
        self.key = key
        self.contactKeys = contactKeys
        self.eventID = eventID
    }

    /// The opt-out among `optOuts` (by contact key) that keeps this action back, if any. One
    /// made by the action's own event does not: evaluation already ordered the two (a
    /// confirmation before `opt_out` goes out).
    public func blockingOptOut(among optOuts: [String: OptOut]) -> OptOut? {
        contactKeys.lazy.compactMap { optOuts[$0] }.first { $0.eventID != eventID }
    }

    /// The send guard's last word on actions being started, as every store applies it: for
    /// each, the opt-out that keeps it back (or nil), and the keys of those to mark in flight.
    public static func guarded(_ starts: [ActionStart], optOuts: [String: OptOut]) -> (blocked: [OptOut?], toMark: [String]) {
        let blocked = starts.map { $0.blockingOptOut(among: optOuts) }
        return (blocked, zip(starts, blocked).compactMap { $1 == nil ? $0.key : nil })
    }
}
