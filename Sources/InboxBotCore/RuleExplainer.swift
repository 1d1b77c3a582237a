import Foundation

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
            return ConditionTrace(
                description: condition.kind.summary,
                held: program.holds(node, &context),
                actual: condition.kind.actualValue(in: context))
        }
    }
}
