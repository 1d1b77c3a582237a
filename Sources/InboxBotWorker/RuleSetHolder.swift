import Foundation
import InboxBotCore

/// The rule set in force. A reload swaps it whole, so an event is evaluated against one
/// version or the other, never a mix. It also keeps when the rules in force were loaded and
/// why the last reload, if it failed, was refused, for the console.
public actor RuleSetHolder {
    public private(set) var current: CompiledRuleSet
    public private(set) var loadedAt: Date?
    /// The errors of the last reload refused since the rules in force were loaded, as `path:line:col: error: …`.
    public private(set) var rejection: [String] = []

    public init(_ ruleSet: CompiledRuleSet, loadedAt: Date? = nil) {
        current = ruleSet
        self.loadedAt = loadedAt
    }

    public func replace(with ruleSet: CompiledRuleSet, at time: Date? = nil) {
        current = ruleSet
        loadedAt = time ?? loadedAt
        rejection = []
    }

    /// A reload was refused for these errors; the rules in force stay.
    public func reject(_ errors: [String]) {
        rejection = errors
    }
}
