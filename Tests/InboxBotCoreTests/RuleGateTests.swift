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
            #expect(rule.gate.admits(context) == holds, "\(condition) on \(event.type) \(String(describing: event.direction))")
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
                var context = EvaluationContext(EvaluationInput(event: event, now: event.time, program: ruleSet.program, history: FiringLedger()))
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

/// Tags, channels and users are looked up by their folded form without hashing a `String`:
/// on random spellings, the table finds what a dictionary of `TextFolding.key` finds.
@Suite struct KeyIndexTests {
    @Test func findsWhatADictionaryOfFoldedKeysFinds() {
        let alphabet: [Character] = ["a", "B", "c", "D", "Z", "[", "@", "`", "{", "~", "\u{7F}", " ", "-", ".", "1", "é", "É", "ا", "أ", "\t"]
        var random = SeededRandom(seed: 64)
        // Up to 19 characters: names read eight bytes at a time, with and without a partial last word.
        func text() -> String {
            let length = Int.random(in: 0...(Bool.random(using: &random) ? 5 : 19), using: &random)
            return String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "a" })
        }
        var index = KeyIndex()
        var reference: [String: Int] = [:]
        for _ in 0..<150 {
            let key = TextFolding.key(text())
            index.insert(key)
            if reference[key] == nil { reference[key] = reference.count }
        }
        #expect(index.count == reference.count)
        var found = 0
        for _ in 0..<5_000 {
            let probe = text()
            var words = [UInt64](repeating: 0, count: index.wordCount)
            index.setFolded(probe, in: &words, at: 0)
            var expected = [UInt64](repeating: 0, count: index.wordCount)
            if let bit = reference[TextFolding.key(probe)] {
                expected[bit >> 6] |= 1 << UInt64(bit & 63)
                found += 1
            }
            #expect(words == expected, "\(probe.debugDescription)")
        }
        #expect(found > 500, "most probes should find nothing, but not all: \(found)")
    }

    /// A value of a length no name has is ruled out before it is hashed, unless folding
    /// may change its length: white space to trim or collapse, or letters beyond ASCII.
    @Test(arguments: [("VIP", 0), (" vip", 0), ("vip\t", 0), ("Vip  ", 0), ("after  hours", 1), ("AFTER HOURS", 1), ("\u{00C9}cole", 2),
                      ("tag-14", nil), ("vipp", nil), ("ecole", 2), ("\u{0301}vip", 0)])
    func aLengthNoNameHasRulesOutOnlyWhatFoldsByLowercasing(_ value: String, _ bit: Int?) {
        var index = KeyIndex()
        for name in ["vip", "after hours", "ecole"] { index.insert(name) }
        var words = [UInt64](repeating: 0, count: index.wordCount)
        index.setFolded(value, in: &words, at: 0)
        #expect(words == [bit.map { UInt64(1) << UInt64($0) } ?? 0])
    }
}
