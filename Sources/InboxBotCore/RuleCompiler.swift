import Foundation

/// Checks a rule set as a whole and compiles it for evaluation.
///
/// Structural problems (unknown keys, wrong types) are the loader's; this finds what only
/// the whole set shows: duplicate ids, undefined calendars, bad regexes and time zones,
/// an empty set, and, as warnings, conditions that can never hold, conflicting actions and
/// placeholders that may render empty.
public struct RuleCompiler {
    public struct Output: Sendable {
        /// Nil when there were errors.
        public var ruleSet: CompiledRuleSet?
        public var diagnostics: [Diagnostic]
    }

    private var diagnostics: [Diagnostic] = []
    private var calendars: [String: BusinessCalendar] = [:]
    /// Calendars defined with an error already reported; references to them are not errors too.
    private var brokenCalendars: Set<String> = []

    public static func compile(_ ruleSet: RuleSet, version: String = "") -> Output {
        var compiler = RuleCompiler()
        return compiler.run(ruleSet, version: version)
    }

    private mutating func run(_ ruleSet: RuleSet, version: String) -> Output {
        brokenCalendars.formUnion(ruleSet.brokenCalendars)
        compileCalendars(ruleSet.calendars)
        if ruleSet.rules.isEmpty {
            diagnostics.append(.error("the rule set is empty; add a rule under 'rules:' (see docs/rules.md)", at: nil))
        }
        var firstDefinition: [String: SourceLocation?] = [:]
        for rule in ruleSet.rules {
            if let first = firstDefinition[rule.id] {
                let place = first.map { " (first defined at \($0))" } ?? ""
                diagnostics.append(.error("duplicate rule id '\(rule.id)'\(place); give each rule its own id", at: rule.location))
            } else {
                firstDefinition[rule.id] = rule.location
            }
        }
        if let calendar = ruleSet.sendLimit?.calendar, let error = calendarError(calendar, at: ruleSet.sendLimit?.location) {
            diagnostics.append(error)
        }
        var agentsSeen: [String: SourceLocation?] = [:]
        for agent in ruleSet.agents {
            if let calendar = agent.calendar, let error = calendarError(calendar, at: agent.location) { diagnostics.append(error) }
            if let first = agentsSeen[TextFolding.key(agent.user)] {
                diagnostics.append(.error("agent '\(agent.user)' is described twice\(first.map { " (first at \($0))" } ?? ""); describe each agent once", at: agent.location))
            }
            agentsSeen[TextFolding.key(agent.user)] = agent.location
        }
        var builder = ConditionProgramBuilder(calendars: calendars)
        for rule in ruleSet.rules { builder.collectNames(rule.condition) }

        var compiledRules: [CompiledRule] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            checkTriggers(rule)
            checkCalendars(rule.condition)
            let root = builder.add(rule.condition, diagnostics: &diagnostics)
            let (gate, rest) = builder.gate(of: root)
            RuleLint.check(rule, into: &diagnostics)
            compiledRules.append(CompiledRule(rule: rule, index: index, root: Int(root), gate: gate, rest: rest))
        }
        guard !diagnostics.hasErrors else {
            return Output(ruleSet: nil, diagnostics: diagnostics.sortedByLocation())
        }
        let compiled = CompiledRuleSet(source: ruleSet, version: version, rules: compiledRules, program: ConditionProgram(builder), calendars: calendars)
        return Output(ruleSet: compiled, diagnostics: diagnostics.sortedByLocation())
    }

    private mutating func compileCalendars(_ definitions: [CalendarDefinition]) {
        for definition in definitions {
            guard calendars[definition.name] == nil, !brokenCalendars.contains(definition.name) else {
                diagnostics.append(.error("duplicate calendar '\(definition.name)'; give each calendar its own name", at: definition.location))
                continue
            }
            do {
                calendars[definition.name] = try BusinessCalendar(definition)
            } catch {
                brokenCalendars.insert(definition.name)
                diagnostics.append(.error(error.message, at: definition.timeZoneLocation ?? definition.location))
            }
        }
    }

    private func calendarError(_ name: String, at location: SourceLocation?) -> Diagnostic? {
        guard calendars[name] == nil, !brokenCalendars.contains(name) else { return nil }
        let defined = calendars.keys.sorted()
        let known = defined.isEmpty
            ? "; define it under 'calendars:'"
            : Suggestion.hint(for: name, among: defined) + " (defined: \(defined.joined(separator: ", ")))"
        return .error("unknown calendar '\(name)'\(known)", at: location)
    }

    private mutating func checkTriggers(_ rule: Rule) {
        if let calendar = rule.policy.dayCalendar, let error = calendarError(calendar, at: rule.location) {
            diagnostics.append(error)
        }
        for case .timer(let timer, let location) in rule.triggers {
            if let calendar = timer.calendar, let error = calendarError(calendar, at: location) {
                diagnostics.append(error)
            }
        }
    }

    private mutating func checkCalendars(_ condition: Condition) {
        switch condition.kind {
        case .all(let children), .any(let children): children.forEach { checkCalendars($0) }
        case .not(let child): checkCalendars(child)
        case .within(let name), .outside(let name):
            if let error = calendarError(name, at: condition.location) { diagnostics.append(error) }
        default: break
        }
    }

    /// A short reason for a regex that ICU rejected, since its own message is not helpful.
    static func regexProblem(_ pattern: String) -> String {
        var depth = 0, brackets = 0
        var escaped = false
        for character in pattern {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "(" where brackets == 0: depth += 1
            case ")" where brackets == 0: depth -= 1
            case "[": brackets += 1
            case "]": brackets = max(0, brackets - 1)
            default: break
            }
        }
        if escaped { return "it ends with a lone backslash" }
        if depth > 0 { return "a '(' is never closed" }
        if depth < 0 { return "a ')' has no matching '('" }
        if brackets > 0 { return "a '[' is never closed" }
        return "the pattern is not valid ICU regex syntax"
    }
}
