import Foundation

/// A contact's opt-out from automated messages, as the `opt_out` action recorded it.
public struct OptOut: Sendable, Hashable {
    public var at: Date
    /// The event whose rule opted the contact out: that event's own sends, ordered before the
    /// `opt_out` (a confirmation), still go.
    public var eventID: String
    public var ruleID: String?

    public init(at: Date, eventID: String, ruleID: String?) {
        self.at = at
        self.eventID = eventID
        self.ruleID = ruleID
    }
}
