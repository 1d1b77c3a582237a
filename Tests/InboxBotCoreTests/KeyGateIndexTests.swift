import Foundation
import Testing
@testable import InboxBotCore

/// The evaluator drops the rules an event's tags, channel, assignee or platform rule out
/// before running any of their tests. On random rule sets (over 64 rules, so several words)
/// whose conditions test keys at the top and nested, the index must never drop a rule whose
/// condition holds, must drop most of those a top-level key test fails, and the evaluation
/// must match the rules' conditions checked one by one.
@Suite struct KeyGateIndexTests {
    static let tags = ["vip", "Gold", "refund", "spam", "tag-4", "tag-5", "تجربة"]
    static let channels = ["Sales", "Support", "ch-1", "ch-2"]
    static let users = ["sara@acme.sa", "Omar@acme.sa", "lina@acme.sa"]
    static let platforms = ["hatif", "textus"]

    /// With 1,500 tags (24 words of key bits), and a channel and a user after them, every
    /// word of an event's key bits is set and read right.
    @Test func namesPastTheFiveHundredTwelfthAreReadFromTheirWords() {
        let tags = (0..<1_500).map { "tag-\($0)" }
        let rules = tags.map { Fixtures.rule($0, on: ["*"], if: Condition(.tags(TagTest(includes: [$0])))) }
            + [Fixtures.rule("sales", on: ["*"], if: Condition(.channel(["Sales"]))),
               Fixtures.rule("sara", on: ["*"], if: Condition(.assignee(.oneOf(["sara@acme.sa"]))))]
        let ruleSet = Fixtures.compile(rules)
        #expect(ruleSet.program.totalWords > 24)
        var random = SeededRandom(seed: 41)
        for _ in 0..<50 {
            let chosen = tags.indices.filter { _ in Int.random(in: 0..<300, using: &random) == 0 }
            var conversation = ConversationSnapshot(id: "c-1")
            conversation.tags = chosen.map { tags[$0].uppercased() } + ["unknown"]
            conversation.channel = Channel(id: "ch-9", name: Bool.random(using: &random) ? "SALES" : "Support")
            conversation.assignee = Bool.random(using: &random) ? "Sara@acme.sa" : nil
            let expected = chosen.map { tags[$0] } + (conversation.channel.name == "SALES" ? ["sales"] : []) + (conversation.assignee == nil ? [] : ["sara"])
            #expect(Fixtures.firing(ruleSet, Fixtures.message("hi", conversation: conversation)) == expected)
        }
    }

    @Test func dropsOnlyRulesWhoseConditionCannotHold() {
        var random = SeededRandom(seed: 19)
        var dropped = 0, held = 0, decided = 0
        for _ in 0..<8 {
            let rules = (0..<Int.random(in: 70...140, using: &random)).map { number in
                let tests = (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.keyTest(&random) }
                return Fixtures.rule("r\(number)", on: ["*"], if: Condition(.all(tests)))
            }
            let ruleSet = Fixtures.compile(rules)
            for _ in 0..<200 {
                let event = Self.event(&random)
                var context = EvaluationContext(EvaluationInput(event: event, now: event.time, ruleSet: ruleSet, history: FiringLedger()))
                let candidates = ruleSet.candidatesByEventType[event.type.ordinal], gates = ruleSet.gatesByEventType[event.type.ordinal]
                for category in gates.keys.categories { context.computeBits(category.category, program: ruleSet.program) }
                var admitted = Set<Int>()
                for word in 0..<gates.wordCount {
                    var bits = gates.keys.admitted(word: word, eventWords: context.eventWords)
                    while bits != 0, word << 6 | bits.trailingZeroBitCount < candidates.count {
                        admitted.insert(candidates[word << 6 | bits.trailingZeroBitCount].position)
                        bits &= bits - 1
                    }
                }
                var holding: [String] = []
                for candidate in candidates {
                    let rule = ruleSet.rules[candidate.position]
                    let holds = ruleSet.program.holds(rule.root, &context)
                    if holds {
                        holding.append(rule.rule.id)
                        #expect(admitted.contains(candidate.position), "\(rule.rule.condition) holds on \(event.conversation) but was dropped")
                    }
                    if !admitted.contains(candidate.position) { dropped += 1 }
                }
                held += holding.count
                let evaluated = ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions.map(\.ruleID)
                #expect(evaluated == holding)
                decided += evaluated.count
            }
        }
        // Both kinds are common, or the comparison proves little.
        #expect(dropped > 50_000 && held > 10_000 && decided == held, "dropped \(dropped), held \(held)")
    }

    /// A key test the gate stands for in full is not tested again: the rule's condition runs
    /// no step for it. One it stands for in part (two required tags, an emptiness test, a
    /// second one-of test of the category, one nested) keeps its step.
    @Test func keyTestsTheGateChecksInFullAreNotTestedAgain() {
        let inFull: [Condition] = [
            Condition(.tags(TagTest(includes: ["vip"]))), Condition(.tags(TagTest(anyOf: ["vip", "gold"]))),
            Condition(.tags(TagTest(noneOf: ["spam", "refund"]))), Condition(.tags(TagTest(includes: ["vip"], noneOf: ["spam"]))),
            Condition(.channel(["Sales", "ch-2"])), Condition(.assignee(.oneOf(["sara@acme.sa"]))), Condition(.platform(["hatif"])),
            Condition(.all([Condition(.tags(TagTest(includes: ["vip"]))), Condition(.channel(["Sales"])), Condition(.status([.open]))])),
        ]
        let inPart: [Condition] = [
            Condition(.tags(TagTest(includes: ["vip", "gold"]))), Condition(.tags(TagTest(includes: ["vip"], anyOf: ["gold", "spam"]))),
            Condition(.tags(TagTest(isEmpty: false))), Condition(.all([Condition(.channel(["Sales"])), Condition(.channel(["ch-1", "Sales"]))])),
            Condition(.all([Condition(.tags(TagTest(anyOf: ["vip", "gold"]))), Condition(.tags(TagTest(includes: ["spam"])))])),
            Condition(.any([Condition(.channel(["Sales"])), Condition(.platform(["hatif"]))])), Condition(.not(Condition(.platform(["hatif"])))),
        ]
        for condition in inFull {
            #expect(Fixtures.compile([Fixtures.rule(on: ["*"], if: condition)]).rules[0].rest == ConditionProgram.Step.accept, "\(condition)")
        }
        for condition in inPart {
            #expect(Fixtures.compile([Fixtures.rule(on: ["*"], if: condition)]).rules[0].rest >= 0, "\(condition)")
        }
    }

    /// A rule checked on its own (a due timer) by its gate, key tests included, and the rest of
    /// its condition gets the condition's verdict.
    @Test func aRuleAloneGetsItsConditionsVerdictFromItsGateAndItsRest() {
        var random = SeededRandom(seed: 29)
        var held = 0, failed = 0
        for _ in 0..<400 {
            let condition = Condition(.all((0..<Int.random(in: 1...3, using: &random)).map { _ in Self.keyTest(&random) }))
            let ruleSet = Fixtures.compile([Fixtures.rule(on: ["*"], if: condition)])
            let rule = ruleSet.rules[0], program = ruleSet.program
            for _ in 0..<30 {
                let event = Self.event(&random)
                var context = EvaluationContext(EvaluationInput(event: event, now: event.time, ruleSet: ruleSet, history: FiringLedger()))
                let holds = program.holds(rule.root, &context)
                let passes = rule.gate.admits(&context, program: program) && program.passes(from: rule.rest, &context)
                #expect(passes == holds, "\(condition) on \(event.conversation)")
                if holds { held += 1 } else { failed += 1 }
            }
        }
        // Both answers are common, or the comparison proves little.
        #expect(held > 1_000 && failed > 1_000, "held \(held), failed \(failed)")
    }

    /// A test of tags, channel, assignee or platform; a tenth nested in `any` or `not`,
    /// which the index must leave to the condition.
    static func keyTest(_ random: inout SeededRandom) -> Condition {
        func some(_ names: [String], _ range: ClosedRange<Int>) -> [String] {
            (0..<Int.random(in: range, using: &random)).compactMap { _ in names.randomElement(using: &random) }
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return Condition(.tags(TagTest(includes: some(tags, 1...2))))
        case 1: return Condition(.tags(TagTest(anyOf: some(tags, 1...3))))
        case 2: return Condition(.tags(TagTest(noneOf: some(tags, 1...2))))
        case 3: return Condition(.tags(TagTest(includes: some(tags, 0...1), anyOf: some(tags, 0...2), noneOf: some(tags, 0...1))))
        case 4: return Condition(.channel(some(channels, 1...2)))
        case 5: return Condition(.assignee(.oneOf(some(users, 1...2))))
        case 6: return Condition(.platform(some(platforms, 1...1)))
        case 7: return Condition(.any([keyTest(&random), keyTest(&random)]))
        case 8: return Condition(.not(keyTest(&random)))
        default: return Condition(.tags(TagTest(isEmpty: Bool.random(using: &random))))
        }
    }

    /// An event with a few of the names, in other spellings (case), or none.
    static func event(_ random: inout SeededRandom) -> Event {
        func spelled(_ name: String) -> String { Bool.random(using: &random) ? name.uppercased() : name }
        let tags = (0..<Int.random(in: 0...3, using: &random)).compactMap { _ in Self.tags.randomElement(using: &random).map(spelled) }
        let channel = Channel(id: Bool.random(using: &random) ? "ch-\(Int.random(in: 1...3, using: &random))" : nil,
                              name: Bool.random(using: &random) ? channels.randomElement(using: &random).map(spelled) : nil)
        let conversation = ConversationSnapshot(
            id: "c-1", platform: Bool.random(using: &random) ? platforms.randomElement(using: &random) : nil, status: .open, tags: tags,
            channel: channel, assignee: Bool.random(using: &random) ? users.randomElement(using: &random).map(spelled) : nil)
        return Event(id: "e-1", type: .messageReceived, time: Fixtures.time("2026-03-17T12:00:00Z"), conversation: conversation,
                     message: Message(direction: .inbound, body: "hi"))
    }
}
