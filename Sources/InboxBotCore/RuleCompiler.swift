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
    private var tagIndex: [[UInt8]: Int] = [:]
    private var regexCount = 0

    public static func compile(_ ruleSet: RuleSet, version: String = "") -> Output {
        var compiler = RuleCompiler()
        return compiler.run(ruleSet, version: version)
    }

    private mutating func run(_ ruleSet: RuleSet, version: String) -> Output {
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
        for rule in ruleSet.rules { collectTags(rule.condition) }

        var compiledRules: [CompiledRule] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            checkTriggers(rule)
            let condition = compile(rule.condition)
            RuleLint.check(rule, into: &diagnostics)
            compiledRules.append(CompiledRule(rule: rule, index: index, condition: condition))
        }
        guard !diagnostics.hasErrors else {
            return Output(ruleSet: nil, diagnostics: diagnostics.sortedByLocation())
        }
        let tables = EvaluationTables(tagIndex: tagIndex, regexCount: regexCount)
        let compiled = CompiledRuleSet(source: ruleSet, version: version, rules: compiledRules, tables: tables)
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
        for case .timer(let timer, let location) in rule.triggers {
            if let calendar = timer.calendar, let error = calendarError(calendar, at: location) {
                diagnostics.append(error)
            }
        }
    }

    private mutating func collectTags(_ condition: Condition) {
        switch condition.kind {
        case .all(let children), .any(let children): children.forEach { collectTags($0) }
        case .not(let child): collectTags(child)
        case .tags(let test):
            for tag in test.includes + test.anyOf + test.allOf + test.noneOf {
                let folded = TextFolding.fold(tag)
                if tagIndex[folded] == nil { tagIndex[folded] = tagIndex.count }
            }
        default: break
        }
    }

    private func tagBits(_ tags: [String]) -> TagBits {
        var bits = TagBits(wordCount: max(1, (tagIndex.count + 63) / 64))
        for tag in tags {
            if let bit = tagIndex[TextFolding.fold(tag)] { bits.insert(bit) }
        }
        return bits
    }

    private mutating func compile(_ condition: Condition) -> CompiledCondition {
        switch condition.kind {
        case .all(let children):
            let compiled = children.map { compile($0) }
            return .all(compiled, order: Self.cheapestFirst(compiled))
        case .any(let children):
            let compiled = children.map { compile($0) }
            return .any(compiled, order: Self.cheapestFirst(compiled))
        case .not(let child):
            return .not(compile(child))
        case .event(let patterns):
            return .eventTypes(CaseMask.of(patterns.flatMap(\.types)))
        case .platform(let platforms):
            return .platform(Set(platforms.map { $0.lowercased() }))
        case .status(let statuses):
            return .status(CaseMask.of(statuses))
        case .tags(let test):
            return .tags(CompiledTagTest(
                required: tagBits(test.required),
                anyOf: test.anyOf.isEmpty ? nil : tagBits(test.anyOf),
                noneOf: tagBits(test.noneOf),
                isEmpty: test.isEmpty))
        case .direction(let directions):
            return .direction(CaseMask.of(directions))
        case .unread(let comparison):
            return .unread(comparison)
        case .channel(let channels):
            return .channel(Set(channels.map(TextFolding.fold) + channels.map { Array($0.utf8) }))
        case .assignee(.none):
            return .assigneeNone
        case .assignee(.any):
            return .assigneeAny
        case .assignee(.oneOf(let users)):
            return .assigneeIn(Set(users.map(TextFolding.fold)))
        case .messageType(let types):
            return .messageType(CaseMask.of(types))
        case .body(let test):
            return .text(.body, compile(test, source: .body))
        case .deliveryStatus(let statuses):
            return .deliveryStatus(CaseMask.of(statuses))
        case .callStatus(let statuses):
            return .callStatus(CaseMask.of(statuses))
        case .callDuration(let comparison):
            return .callDuration(comparison)
        case .contactName(let test):
            return .text(.contactName, compile(test, source: .contactName))
        case .contactPhone(let test):
            return .text(.contactPhone, compile(test, source: .contactPhone))
        case .contactProperty(let name, let test):
            return .text(.contactProperty(name), compile(test, source: .contactProperty(name)))
        case .elapsed(let reference, let test):
            return .elapsed(reference, test)
        case .within(let name), .outside(let name):
            let open: Bool = if case .within = condition.kind { true } else { false }
            guard let calendar = calendars[name] else {
                if let error = calendarError(name, at: condition.location) { diagnostics.append(error) }
                return .all([], order: [])
            }
            return .calendar(calendar, open: open)
        }
    }

    private mutating func compile(_ test: TextTest, source: TextSource) -> [CompiledTextOperation] {
        let isPhone = source == .contactPhone
        let prepare = { (text: String) -> [UInt8] in isPhone ? TextFolding.phoneDigits(text) : TextFolding.fold(text) }
        return test.operations.compactMap { operation -> CompiledTextOperation? in
            switch operation {
            case .equals(let values): return .equals(values.map(prepare))
            case .contains(let values): return .contains(values.map(prepare))
            case .containsAll(let values): return .containsAll(values.map(prepare))
            case .startsWith(let values): return .startsWith(values.map(prepare))
            case .endsWith(let values): return .endsWith(values.map(prepare))
            case .isSet(let expected): return .isSet(expected)
            case .matches(let pattern, let location):
                do {
                    let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
                    regexCount += 1
                    return .regex(id: regexCount - 1, regex)
                } catch {
                    diagnostics.append(.error(
                        "invalid regular expression /\(pattern)/: \(Self.regexProblem(pattern)); check brackets, parentheses and escapes",
                        at: location))
                    return nil
                }
            }
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

    private static func cheapestFirst(_ children: [CompiledCondition]) -> [Int] {
        children.indices.sorted { (children[$0].cost, $0) < (children[$1].cost, $1) }
    }
}
