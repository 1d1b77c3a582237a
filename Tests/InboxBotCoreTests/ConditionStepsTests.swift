import Foundation
import Testing
@testable import InboxBotCore

/// The evaluator runs a rule's condition as steps that jump on each test's answer; the
/// explanation interprets the same condition by recursion. On random nestings of `all`,
/// `any` and `not`, the gate and the steps together must give the recursion's verdict.
@Suite struct ConditionStepsTests {
    @Test func stepsGiveTheRecursiveVerdictOnEveryNesting() {
        var random = SeededRandom(seed: 17)
        let (held, failed) = RuleGateTests.verdicts(of: 400, conditions: { Self.nested(&$0, depth: 3) }, events: 30, &random) {
            condition, event, rule, program, context in
            let holds = program.holds(rule.root, &context)
            let passes = rule.gate.admits(&context, program: program) && program.passes(from: rule.rest, &context)
            #expect(passes == holds, "\(condition) on \(event.type) \(String(describing: event.direction))")
            return holds
        }
        // Both answers are common, or the comparison proves little.
        #expect(held > 1_000 && failed > 1_000, "held \(held), failed \(failed)")
    }

    /// A condition of `all`, `any` and `not` over tests the gate checks and tests it does not.
    static func nested(_ random: inout SeededRandom, depth: Int) -> Condition {
        let choice = depth == 0 ? 3 : Int.random(in: 0..<6, using: &random)
        switch choice {
        case 0: return Condition(.all((0..<Int.random(in: 0...3, using: &random)).map { _ in nested(&random, depth: depth - 1) }))
        case 1: return Condition(.any((0..<Int.random(in: 0...3, using: &random)).map { _ in nested(&random, depth: depth - 1) }))
        case 2: return Condition(.not(nested(&random, depth: depth - 1)))
        case 3: return RuleGateTests.gatedTest(&random)
        default:
            return Bool.random(using: &random)
                ? Condition(.body(TextTest([.contains(["hi"])])))
                : Condition(.unread(Comparison([(.atLeast, Int.random(in: 0...6, using: &random))])))
        }
    }
}
