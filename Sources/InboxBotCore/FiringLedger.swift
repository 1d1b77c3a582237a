import Foundation

/// An in-memory firing history, for replay, tests and dry runs.
public struct FiringLedger: FiringHistory, Sendable {
    private var fired: [String: [String: Date]] = [:]

    public init() {}

    /// A ledger for one conversation, from the times its rules last fired.
    public init(firings: [String: Date], conversationID: String) {
        self.init(firings: [conversationID: firings])
    }

    /// A ledger from the times rules last fired: conversation id, then rule id.
    public init(firings: [String: [String: Date]]) {
        for (conversationID, rules) in firings {
            for (rule, time) in rules { fired[rule, default: [:]][conversationID] = time }
        }
    }

    public func lastFiring(rule: String, conversation: String) -> Date? {
        fired[rule]?[conversation]
    }

    /// Remembers a firing; only rules with `once` or `cooldown` ever ask, so only theirs are kept.
    public mutating func record(_ decision: Decision, at time: Date) {
        guard !decision.shadow, decision.limitsFiring else { return }
        fired[decision.ruleID, default: [:]][decision.conversationID] = time
    }
}
