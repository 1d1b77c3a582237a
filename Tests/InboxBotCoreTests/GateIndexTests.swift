import Foundation
import Testing
@testable import InboxBotCore

/// The evaluator takes an event's admitted rules from the gate index, not from each gate;
/// on random rule sets (over 64 rules, so several words) and events, the index must admit
/// exactly the rules whose gates admit the event, in order, and on the bot's own messages
/// only those that run on them; unread counts below zero and past the tabulated ones too.
@Suite struct GateIndexTests {
    @Test func admitsExactlyWhatEachGateAdmits() {
        var random = SeededRandom(seed: 18)
        var admittedCount = 0, refusedCount = 0
        for _ in 0..<12 {
            let rules = (0..<Int.random(in: 60...150, using: &random)).map { number in
                var tests = (0..<Int.random(in: 0...3, using: &random)).map { _ in RuleGateTests.gatedTest(&random) }
                // Ranges that end past the counts the index tabulates, and below zero.
                if Int.random(in: 0..<8, using: &random) == 0 {
                    tests.append(Condition(.unread(Comparison([(.atLeast, Int.random(in: -3...400, using: &random))]))))
                }
                var policy = FiringPolicy()
                policy.ownMessages = Bool.random(using: &random)
                return Fixtures.rule("r\(number)", on: ["*"], if: Condition(.all(tests)), policy: policy)
            }
            let ruleSet = Fixtures.compile(rules)
            for _ in 0..<300 {
                var event = RuleGateTests.event(&random)
                event.conversation.unread = [Int.random(in: 0...6, using: &random), Int.random(in: -5...(-1), using: &random),
                                             Int.random(in: 250...500, using: &random), Int.max, Int.min][Int.random(in: 0..<5, using: &random)]
                let fromBot = Bool.random(using: &random)
                var context = EvaluationContext(EvaluationInput(event: event, now: event.time, ruleSet: ruleSet, history: FiringLedger()))
                let candidates = ruleSet.candidatesByEventType[event.type.ordinal], gates = ruleSet.gatesByEventType[event.type.ordinal]
                let expected = candidates.map(\.position).filter { position in
                    let rule = ruleSet.rules[position]
                    return rule.gate.admits(&context, program: ruleSet.program) && (!fromBot || rule.rule.policy.ownMessages)
                }
                var admitted: [Int] = []
                for word in 0..<gates.wordCount {
                    var bits = gates.admitted(word: word, facts: context.facts, unread: context.unread, fromBot: fromBot)
                    while bits != 0 {
                        admitted.append(candidates[word << 6 | bits.trailingZeroBitCount].position)
                        bits &= bits - 1
                    }
                }
                #expect(admitted == expected, "unread \(event.conversation.unread), from the bot: \(fromBot)")
                admittedCount += expected.count
                refusedCount += candidates.count - expected.count
            }
        }
        #expect(admittedCount > 10_000 && refusedCount > 10_000, "admitted \(admittedCount), refused \(refusedCount)")
    }
}
