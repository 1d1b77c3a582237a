import Foundation

/// A rule set compiled for fast evaluation: rules indexed by the event types that trigger
/// them, text folded, regexes and calendars built once.
public struct CompiledRuleSet: Sendable {
    public let source: RuleSet
    /// Identifies this rule set; part of every action's idempotency key.
    public let version: String
    let rules: [CompiledRule]
    /// Each rule's condition node, beside `rules` so the hot loop reads plain integers.
    let roots: [Int]
    /// Per event-type ordinal, the indexes of enabled rules it triggers, in file order.
    let rulesByEventType: [[Int]]
    let program: ConditionProgram
    /// The calendars by name, for business-time timers.
    let calendars: [String: BusinessCalendar]
    /// Positions of the enabled rules with timer triggers.
    let timedRules: [Int]

    init(source: RuleSet, version: String, rules: [CompiledRule], program: ConditionProgram, calendars: [String: BusinessCalendar] = [:]) {
        self.source = source
        self.version = version
        self.rules = rules
        roots = rules.map(\.root)
        self.program = program
        self.calendars = calendars
        timedRules = rules.indices.filter { position in
            rules[position].rule.policy.enabled && rules[position].rule.triggers.contains { if case .timer = $0 { true } else { false } }
        }
        var index = [[Int]](repeating: [], count: EventType.allCases.count)
        for (position, rule) in rules.enumerated() where rule.rule.policy.enabled {
            for type in EventType.allCases where rule.eventTypes.contains(type) {
                index[type.ordinal].append(position)
            }
        }
        rulesByEventType = index
    }

    public var ruleCount: Int { rules.count }

    /// Rules that an event of this type triggers, in evaluation order.
    public func ruleIDs(triggeredBy type: EventType) -> [String] {
        rulesByEventType[type.ordinal].map { rules[$0].rule.id }
    }
}

/// One rule with the program node of its condition.
final class CompiledRule: Sendable {
    let rule: Rule
    let index: Int
    let root: Int
    let eventTypes: Set<EventType>

    init(rule: Rule, index: Int, root: Int) {
        self.rule = rule
        self.index = index
        self.root = root
        var types = Set<EventType>()
        for trigger in rule.triggers {
            if case .event(let pattern, _) = trigger { types.formUnion(pattern.types) }
        }
        eventTypes = types
    }
}
