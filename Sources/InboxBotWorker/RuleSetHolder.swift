import InboxBotCore

/// The rule set in force. A reload swaps it whole, so an event is evaluated against one
/// version or the other, never a mix.
public actor RuleSetHolder {
    public private(set) var current: CompiledRuleSet

    public init(_ ruleSet: CompiledRuleSet) {
        current = ruleSet
    }

    public func replace(with ruleSet: CompiledRuleSet) {
        current = ruleSet
    }
}
