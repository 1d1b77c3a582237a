import Foundation

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

/// What an evaluation saw, kept once and shared by all its decisions' explanations.
final class EvaluationInput: Sendable {
    let event: Event
    let now: Date
    let program: ConditionProgram

    init(event: Event, now: Date, program: ConditionProgram) {
        self.event = event
        self.now = now
        self.program = program
    }
}

/// Re-runs one rule's condition on one event, visiting every test, to explain a decision.
struct RuleExplainer: Sendable {
    let rule: CompiledRule
    let input: EvaluationInput

    func trace() -> ConditionTrace {
        var context = EvaluationContext(input)
        return Self.trace(rule.rule.condition, node: rule.root, input.program, &context)
    }

    /// Walks the condition as written beside its program node; every test is visited,
    /// in the written order, with no short-circuit.
    static func trace(_ condition: Condition, node: Int, _ program: ConditionProgram, _ context: inout EvaluationContext) -> ConditionTrace {
        let compiled = program.nodes[node]
        func childTraces(_ items: [Condition]) -> [ConditionTrace] {
            items.enumerated().map { offset, item in
                trace(item, node: Int(program.children[Int(compiled.a) + offset]), program, &context)
            }
        }
        switch condition.kind {
        case .all(let items) where items.isEmpty:
            return ConditionTrace(description: "no conditions: always holds", held: true)
        case .all(let items):
            let traces = childTraces(items)
            return ConditionTrace(description: "all of", held: traces.allSatisfy(\.held), children: traces)
        case .any(let items):
            let traces = childTraces(items)
            return ConditionTrace(description: "any of", held: traces.contains { $0.held }, children: traces)
        case .not(let child):
            let inner = trace(child, node: Int(compiled.a), program, &context)
            return ConditionTrace(description: "not", held: !inner.held, children: [inner])
        default:
            let actual = compiled.op == .calendar
                ? program.calendars[Int(compiled.a)].describe(context.now)
                : condition.kind.actualValue(in: context)
            return ConditionTrace(description: condition.kind.summary, held: program.holds(node, &context), actual: actual)
        }
    }
}

