import Foundation
import InboxBotCore
import Yams

/// Turns the text of one rule file into rules and calendars, with a diagnostic, at its
/// exact line and column, for everything that is wrong with it.
public struct RuleFileParser {
    static let rootKeys = ["rules", "calendars", "lists", "send_limit", "agents"]
    static let ruleKeys = ["id", "description", "on", "if", "then", "once", "cooldown", "enabled", "shadow", "stop", "own_messages", "sample"]

    var reader: YAMLReader
    /// The `per:` the rule being read gave its `once` or `cooldown`, so the other may not differ.
    var scopeChosen: FiringPolicy.Scope?

    init(reader: YAMLReader) {
        self.reader = reader
    }

    /// Parses one file; `{list: name}` items stand for the `lists` gathered from every file.
    public static func parse(_ text: String, file: String, lists: NamedLists = NamedLists()) -> (ruleSet: RuleSet, diagnostics: [Diagnostic]) {
        var reader = YAMLReader(file: file)
        reader.lists = lists
        var parser = RuleFileParser(reader: reader)
        let ruleSet = parser.parseFile(text)
        return (ruleSet, parser.reader.allDiagnostics)
    }

    private mutating func parseFile(_ text: String) -> RuleSet {
        if let problem = YAMLInputLimits.problem(in: text, file: reader.file) {
            reader.diagnostics.append(problem)
            return RuleSet()
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            reader.diagnostics.append(Self.diagnostic(for: error, file: reader.file))
            return RuleSet()
        } catch {
            reader.diagnostics.append(.error("cannot read YAML: \(error)", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return RuleSet()
        }
        guard let root, !YAMLReader.isNull(root) else {
            reader.diagnostics.append(.warning("the file is empty; it adds no rules", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return RuleSet()
        }
        guard let pairs = reader.mapping(root, "a rule file"), reader.checkKeys(pairs, allowed: Self.rootKeys, in: "a rule file") else {
            return RuleSet()
        }
        var ruleSet = RuleSet()
        for (key, keyNode, value) in pairs {
            switch key {
            case "calendars": (ruleSet.calendars, ruleSet.brokenCalendars) = parseCalendars(value)
            case "lists": break  // gathered from every file first (NamedLists)
            case "send_limit": ruleSet.sendLimit = parseSendLimit(value)
            case "agents": ruleSet.agents = parseAgents(value)
            case "rules":
                guard case .sequence(let items) = value else {
                    reader.error("'rules' must be a list of rules, each starting with '- id:', not \(YAMLReader.kindName(value))", value)
                    continue
                }
                if items.isEmpty { reader.warning("'rules' is an empty list", keyNode) }
                ruleSet.rules = items.compactMap { parseRule($0) }
            default: break
            }
        }
        return ruleSet
    }

    /// `agents: { sara@acme.sa: { capacity: 8, calendar: riyadh-day } }`.
    private mutating func parseAgents(_ node: Node) -> [AgentSettings] {
        guard let pairs = reader.mapping(node, "agents") else { return [] }
        var agents: [AgentSettings] = []
        for (user, keyNode, value) in pairs {
            guard let settings = reader.mapping(value, "agent '\(user)'"),
                  reader.checkKeys(settings, allowed: ["capacity", "calendar"], in: "agent '\(user)'")
            else { continue }
            var agent = AgentSettings(user: user, location: reader.location(keyNode))
            for (key, _, setting) in settings {
                if key == "calendar" {
                    agent.calendar = reader.nonEmptyText(setting, "agents.\(user).calendar")
                } else if let capacity = reader.integer(setting, "agents.\(user).capacity") {
                    guard capacity >= 1 else {
                        reader.error("agents.\(user).capacity is at least 1; to take an agent out of a pool, remove them from it", setting)
                        continue
                    }
                    agent.capacity = capacity
                }
            }
            agents.append(agent)
        }
        return agents
    }

    /// `send_limit: { per_contact_per_day: 3, calendar: riyadh-office }`.
    private mutating func parseSendLimit(_ node: Node) -> SendLimit? {
        guard let pairs = reader.mapping(node, "send_limit"),
              reader.checkKeys(pairs, allowed: ["per_contact_per_day", "calendar"], in: "send_limit")
        else { return nil }
        var limit = SendLimit(perContactPerDay: 0, location: reader.location(node))
        for (key, _, value) in pairs {
            if key == "calendar" {
                guard let calendar = reader.nonEmptyText(value, "send_limit.calendar") else { return nil }
                limit.calendar = calendar
            } else {
                guard let count = reader.integer(value, "send_limit.per_contact_per_day") else { return nil }
                guard count >= 1 else {
                    reader.error("send_limit.per_contact_per_day is at least 1; to send nothing automated, disable the rules that send", value)
                    return nil
                }
                limit.perContactPerDay = count
            }
        }
        guard limit.perContactPerDay >= 1 else {
            reader.error("send_limit needs 'per_contact_per_day', such as 'send_limit: { per_contact_per_day: 3 }'", node)
            return nil
        }
        return limit
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column)) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " \($0.text)" } ?? ""
            return .error("YAML syntax error: \(problem)\(while_)\(hint(for: problem))", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in one mapping; each key may appear once (to test several values use a list)", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return .error("cannot read the file as text: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .error("YAML error: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    static func hint(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "; put quotes around a value that contains ': '"
        }
        if problem.contains("tab") {
            return "; indent with spaces, not tabs"
        }
        if problem.contains("did not find expected") {
            return "; check the indentation and that every quote and bracket is closed"
        }
        return ""
    }

    private mutating func parseRule(_ node: Node) -> Rule? {
        guard reader.visit(node), let pairs = reader.mapping(node, "a rule") else { return nil }
        let location = reader.location(node)
        _ = reader.checkKeys(pairs, allowed: Self.ruleKeys, in: "a rule")
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

        guard let idNode = value["id"] else {
            reader.diagnostics.append(.error("a rule needs an 'id', such as 'id: vip-routing'", at: location))
            return nil
        }
        guard let id = reader.nonEmptyText(idNode, "a rule's id") else { return nil }
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            reader.error("rule id '\(id)' may hold only letters, digits, '-', '_' and '.'; try '\(Self.slug(id))'", idNode)
            return nil
        }
        var failed = false
        let description = value["description"].flatMap { reader.text($0, "description") }

        var triggers: [Trigger] = []
        if let onNode = value["on"] {
            if let parsed = parseTriggers(onNode) { triggers = parsed } else { failed = true }
        } else {
            reader.diagnostics.append(.error("rule '\(id)' needs 'on:', the events that trigger it, such as 'on: message.received'", at: location))
            failed = true
        }

        var condition = Condition.always
        if let ifNode = value["if"] {
            if let parsed = parseCondition(ifNode) { condition = parsed } else { failed = true }
        }

        var actions: [Action] = []
        if let thenNode = value["then"] {
            if let parsed = parseActions(thenNode) { actions = parsed } else { failed = true }
        } else {
            reader.diagnostics.append(.error("rule '\(id)' needs 'then:', the actions it takes, such as '- tag: vip'", at: location))
            failed = true
        }

        var policy = FiringPolicy()
        scopeChosen = nil
        if let node = value["once"], !parseOnce(node, into: &policy) { return nil }
        if let node = value["enabled"] { policy.enabled = reader.bool(node, "enabled") ?? true }
        if let node = value["shadow"] { policy.shadow = reader.bool(node, "shadow") ?? false }
        if let node = value["stop"] { policy.stop = reader.bool(node, "stop") ?? false }
        if let node = value["own_messages"] { policy.ownMessages = reader.bool(node, "own_messages") ?? false }
        if let node = value["cooldown"], !parseCooldown(node, into: &policy) { return nil }
        if let node = value["sample"], let text = reader.nonEmptyText(node, "sample") {
            let digits = text.trimmingCharacters(in: .whitespaces)
            guard digits.hasSuffix("%"), let percent = Int(digits.dropLast().trimmingCharacters(in: .whitespaces)), (1...100).contains(percent) else {
                reader.error("sample must be a percentage of contacts such as 20%, from 1% to 100%, not '\(text)'", node)
                return nil
            }
            policy.samplePercent = percent < 100 ? percent : nil
        }
        guard !failed else { return nil }
        return Rule(id: id, description: description, triggers: triggers, condition: condition, actions: actions, policy: policy, location: location)
    }

    /// `once: true`, or `once: { per: contact, every: day, calendar: riyadh-office }`.
    private mutating func parseOnce(_ node: Node, into policy: inout FiringPolicy) -> Bool {
        guard case .mapping = node else {
            guard let once = reader.bool(node, "once") else { return false }
            policy.once = once
            return true
        }
        guard let pairs = reader.mapping(node, "once"), reader.checkKeys(pairs, allowed: ["per", "every", "calendar"], in: "once") else { return false }
        policy.once = true
        for (key, _, value) in pairs {
            switch key {
            case "per":
                guard parseScope(value, "once.per", into: &policy) else { return false }
            case "every":
                guard let text = reader.nonEmptyText(value, "once.every"), text.lowercased() == "day" else {
                    reader.error("once.every takes 'day' (once each calendar day); leave it out for once ever", value)
                    return false
                }
                policy.oncePerDay = true
            default:
                guard let calendar = reader.nonEmptyText(value, "once.calendar") else { return false }
                policy.dayCalendar = calendar
            }
        }
        if policy.dayCalendar != nil, !policy.oncePerDay {
            reader.error("once.calendar says whose day 'every: day' means; add 'every: day', or remove the calendar", node)
            return false
        }
        return true
    }

    /// `cooldown: 4h`, or `cooldown: { after: 4h, per: contact }`.
    private mutating func parseCooldown(_ node: Node, into policy: inout FiringPolicy) -> Bool {
        guard case .mapping = node else {
            guard let text = reader.nonEmptyText(node, "cooldown"), let span = reader.parsed(TimeSpan.parse(text), node) else { return false }
            policy.cooldown = span
            return true
        }
        guard let pairs = reader.mapping(node, "cooldown"), reader.checkKeys(pairs, allowed: ["after", "per"], in: "cooldown") else { return false }
        for (key, _, value) in pairs {
            if key == "per" {
                guard parseScope(value, "cooldown.per", into: &policy) else { return false }
            } else {
                guard let text = reader.nonEmptyText(value, "cooldown.after"), let span = reader.parsed(TimeSpan.parse(text), value) else { return false }
                policy.cooldown = span
            }
        }
        guard policy.cooldown != nil else {
            reader.error("cooldown needs 'after', how long to wait, such as 'cooldown: { after: 4h, per: contact }'", node)
            return false
        }
        return true
    }

    /// `per: conversation | contact`; `once` and `cooldown` of one rule count in one scope.
    private mutating func parseScope(_ node: Node, _ what: String, into policy: inout FiringPolicy) -> Bool {
        guard let scope = reader.enumValue(node, what, as: FiringPolicy.Scope.self) else { return false }
        if let chosen = scopeChosen, scope != chosen {
            reader.error("once and cooldown of one rule count in the same scope; give both 'per: \(policy.scope.rawValue)'", node)
            return false
        }
        policy.scope = scope
        scopeChosen = scope
        return true
    }

    static func slug(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }

    private mutating func parseTriggers(_ node: Node) -> [Trigger]? {
        let items: [Node] = if case .sequence(let sequence) = node { Array(sequence) } else { [node] }
        guard !items.isEmpty else {
            reader.error("'on' is an empty list; name at least one event, such as message.received", node)
            return nil
        }
        var triggers: [Trigger] = []
        for item in items {
            guard reader.visit(item) else { return nil }
            if case .mapping = item {
                guard let timer = parseTimer(item) else { return nil }
                triggers.append(.timer(timer, location: reader.location(item)))
            } else {
                guard let text = reader.nonEmptyText(item, "an event in 'on'"),
                      let pattern = reader.parsed(EventPattern.parse(text), item)
                else { return nil }
                triggers.append(.event(pattern, location: reader.location(item)))
            }
        }
        return triggers
    }

    private mutating func parseTimer(_ node: Node) -> TimerTrigger? {
        guard let pairs = reader.mapping(node, "a timer trigger") else { return nil }
        guard pairs.count == 1, let (key, keyNode, value) = pairs.first else {
            reader.error("a timer trigger has exactly one key, such as 'idle: 30m'; write each timer as its own '- ' item", node)
            return nil
        }
        guard reader.checkKeys(pairs, allowed: TimerTrigger.keywords, in: "'on' (timer triggers)") else { return nil }
        _ = keyNode
        var after: TimeSpan?
        var calendar: String?
        var status: ConversationStatus?
        if case .mapping = value {
            guard let settings = reader.mapping(value, "timer '\(key)'") else { return nil }
            let allowed = key == "status_held" ? ["status", "after", "calendar"] : ["after", "calendar"]
            guard reader.checkKeys(settings, allowed: allowed, in: "timer '\(key)'") else { return nil }
            for (name, _, setting) in settings {
                switch name {
                case "after":
                    guard let text = reader.nonEmptyText(setting, "after") else { return nil }
                    after = reader.parsed(TimeSpan.parse(text), setting)
                case "calendar": calendar = reader.nonEmptyText(setting, "calendar")
                case "status": status = reader.enumValue(setting, "status", as: ConversationStatus.self)
                default: break
                }
            }
        } else if key != "status_held", let text = reader.nonEmptyText(value, "timer '\(key)'") {
            after = reader.parsed(TimeSpan.parse(text), value)
        }
        guard let after else {
            let example = key == "status_held" ? "status_held: { status: open, after: 4h }" : "\(key): 30m"
            reader.error("timer '\(key)' needs a duration, as in '\(example)'", value)
            return nil
        }
        guard after.seconds > 0 else {
            reader.error("timer '\(key)' needs a duration longer than zero", value)
            return nil
        }
        let kind: TimerTrigger.Kind
        switch key {
        case "idle": kind = .idle
        case "customer_silent": kind = .customerSilent
        case "since_created": kind = .sinceCreated
        case "since_assigned": kind = .sinceAssigned
        case "unassigned_for": kind = .unassigned
        default:
            guard let status else {
                reader.error("timer 'status_held' needs 'status', as in 'status_held: { status: open, after: 4h }'", value)
                return nil
            }
            kind = .statusHeld(status)
        }
        return TimerTrigger(kind: kind, after: after, calendar: calendar)
    }
}
