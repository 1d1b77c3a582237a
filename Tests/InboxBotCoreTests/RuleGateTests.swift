import Foundation
import Testing
@testable import InboxBotCore

/// The gate decides a condition made only of the tests it checks, so it must agree with
/// the condition's program on every event; and what the condition still asks after the
/// gate (`rest`) must then ask nothing.
@Suite struct RuleGateTests {
    @Test func gateAgreesWithTheConditionOnEveryEvent() {
        var random = SeededRandom(seed: 16)
        let (admitted, refused) = Self.verdicts(of: 300, conditions: { random in
            Condition(.all((0..<Int.random(in: 1...4, using: &random)).map { _ in Self.gatedTest(&random) }))
        }, events: 40, &random) { condition, event, rule, program, context in
            let holds = program.holds(rule.root, &context)
            #expect(rule.gate.admits(&context, program: program) == holds, "\(condition) on \(event.type) \(String(describing: event.direction))")
            #expect(program.passes(from: rule.rest, &context), "the rest of \(condition) asks something")
            return holds
        }
        // Both answers are common, or the comparison proves little.
        #expect(admitted > 1_000 && refused > 1_000, "admitted \(admitted), refused \(refused)")
    }

    /// Runs `check` on `count` random conditions, each compiled alone, and `events` random
    /// events apiece with a fresh context; counts the conditions that held and did not.
    static func verdicts(of count: Int, conditions: (inout SeededRandom) -> Condition, events: Int, _ random: inout SeededRandom,
                         _ check: (Condition, Event, CompiledRule, ConditionProgram, inout EvaluationContext) -> Bool) -> (held: Int, failed: Int) {
        var held = 0, failed = 0
        for _ in 0..<count {
            let condition = conditions(&random)
            let ruleSet = Fixtures.compile([Fixtures.rule(on: ["*"], if: condition)])
            for _ in 0..<events {
                let event = Self.event(&random)
                var context = EvaluationContext(EvaluationInput(event: event, now: event.time, ruleSet: ruleSet, history: FiringLedger()))
                if check(condition, event, ruleSet.rules[0], ruleSet.program, &context) { held += 1 } else { failed += 1 }
            }
        }
        return (held, failed)
    }

    static func gatedTest(_ random: inout SeededRandom) -> Condition {
        func some<T: CaseIterable>(_ type: T.Type) -> Set<T> {
            Set(T.allCases.filter { _ in Bool.random(using: &random) })
        }
        switch Int.random(in: 0..<9, using: &random) {
        case 0:
            let types = EventType.allCases.filter { _ in Int.random(in: 0..<3, using: &random) > 0 }
            return Condition(.event(types.map { EventPattern(text: $0.rawValue, types: [$0]) }))
        case 1: return Condition(.status(some(ConversationStatus.self)))
        case 2: return Condition(.direction(some(Direction.self)))
        case 3: return Condition(.messageType(some(MessageType.self)))
        case 4: return Condition(.deliveryStatus(some(DeliveryStatus.self)))
        case 5: return Condition(.callStatus(some(CallStatus.self)))
        case 6: return Condition(.unread(Comparison([(.atLeast, Int.random(in: 0...3, using: &random)), (.atMost, Int.random(in: 2...6, using: &random))])))
        case 7: return Condition(.assignee(Bool.random(using: &random) ? .none : .any))
        default: return Condition(.all([gatedTest(&random), gatedTest(&random)]))
        }
    }

    static func event(_ random: inout SeededRandom) -> Event {
        let conversation = ConversationSnapshot(
            id: "c-1", status: ConversationStatus.allCases.randomElement(using: &random) ?? .open,
            unread: Int.random(in: 0...6, using: &random), assignee: Bool.random(using: &random) ? "sara@acme.sa" : nil)
        let type = EventType.allCases.randomElement(using: &random) ?? .messageReceived
        let direction = Direction.allCases.randomElement(using: &random) ?? .inbound
        var event = Event(id: "e-1", type: type, time: Fixtures.time("2026-03-17T12:00:00Z"), conversation: conversation)
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            event.message = Message(direction: direction, type: MessageType.allCases.randomElement(using: &random) ?? .text, body: "hi",
                                    status: Bool.random(using: &random) ? DeliveryStatus.allCases.randomElement(using: &random) : nil)
        case 1: event.call = Call(direction: direction, status: CallStatus.allCases.randomElement(using: &random) ?? .missed)
        default: break
        }
        return event
    }
}
