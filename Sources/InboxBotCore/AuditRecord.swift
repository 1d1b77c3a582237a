import Foundation

/// One line of the audit log: what happened to a conversation and why.
public struct AuditRecord: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rule decided to act (or, in shadow mode, would have).
        case decision
        /// A matching rule held back by once, cooldown or its sample.
        case suppressed
        /// An action's result: done, failed, dead-lettered or unknown.
        case result
        /// A would-be action in a dry run.
        case dryRun = "dry_run"
        /// Anything else worth keeping: a reload, a budget hit.
        case note
    }

    public var time: Date
    public var kind: Kind
    public var conversationID: String?
    public var eventID: String?
    public var ruleID: String?
    /// Every record names the rule set in force.
    public var ruleSetVersion: String
    public var message: String

    public init(time: Date, kind: Kind, conversationID: String?, eventID: String?, ruleID: String?, ruleSetVersion: String, message: String) {
        self.time = time
        self.kind = kind
        self.conversationID = conversationID
        self.eventID = eventID
        self.ruleID = ruleID
        self.ruleSetVersion = ruleSetVersion
        self.message = message
    }
}
