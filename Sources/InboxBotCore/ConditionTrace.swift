/// Why a rule's condition held or not: each test, whether it held, and what it saw.
public struct ConditionTrace: Sendable, Hashable {
    public var description: String
    public var held: Bool
    /// The value the test saw in the event; nil for `all`, `any` and `not`.
    public var actual: String?
    public var children: [ConditionTrace]

    public init(description: String, held: Bool, actual: String? = nil, children: [ConditionTrace] = []) {
        self.description = description
        self.held = held
        self.actual = actual
        self.children = children
    }

    /// Indented lines with ✓ and ✗, as printed by the commands.
    public func lines(indent: String = "") -> [String] {
        let mark = held ? "✓" : "✗"
        let seen = actual.map { "  (saw \($0))" } ?? ""
        return ["\(indent)\(mark) \(description)\(seen)"] + children.flatMap { $0.lines(indent: indent + "  ") }
    }
}

/// Re-runs one rule's condition on one event, visiting every test, to explain a decision.
struct RuleExplainer: Sendable {
    let rule: CompiledRule
    let tables: EvaluationTables
    let event: Event
    let now: Date

    func trace() -> ConditionTrace {
        var context = EvaluationContext(event: event, now: now, tables: tables)
        return Self.trace(rule.rule.condition, rule.condition, &context)
    }

    static func trace(_ condition: Condition, _ compiled: CompiledCondition, _ context: inout EvaluationContext) -> ConditionTrace {
        switch (condition.kind, compiled) {
        case (.all(let children), .all(let compiledChildren, _)):
            let traces = zip(children, compiledChildren).map { trace($0, $1, &context) }
            return ConditionTrace(description: "all of", held: traces.allSatisfy(\.held), children: traces)
        case (.any(let children), .any(let compiledChildren, _)):
            let traces = zip(children, compiledChildren).map { trace($0, $1, &context) }
            return ConditionTrace(description: "any of", held: traces.contains { $0.held }, children: traces)
        case (.not(let child), .not(let compiledChild)):
            let inner = trace(child, compiledChild, &context)
            return ConditionTrace(description: "not", held: !inner.held, children: [inner])
        default:
            return ConditionTrace(
                description: condition.kind.summary,
                held: compiled.holds(&context),
                actual: condition.kind.actualValue(in: context))
        }
    }
}

import Foundation
