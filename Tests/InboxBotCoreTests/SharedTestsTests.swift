import Foundation
import Testing
@testable import InboxBotCore

/// Tests several rules ask alike are worked out once per event and their result shared.
/// On random rule sets drawn from a small pool of tests (so most are asked by several
/// rules), the rules that fire must be those whose conditions hold when each is worked out
/// on its own; and the sharing must really happen.
@Suite struct SharedTestsTests {
    @Test func sharedResultsGiveEachRulesOwnVerdict() {
        var random = SeededRandom(seed: 19)
        let office = CalendarDefinition(name: "office", timeZone: "Asia/Riyadh", weekly: Dictionary(uniqueKeysWithValues: (0..<5).map { ($0, [Shift(start: 540, end: 1020)]) }))
        var fired = 0, quiet = 0
        for _ in 0..<20 {
            let rules = (0..<40).map { number in
                Fixtures.rule("r\(number)", on: ["message.received"], if: Condition(.all((0..<Int.random(in: 1...3, using: &random)).map { _ in Self.test(&random, depth: 2) })))
            }
            let ruleSet = Fixtures.compile(rules, calendars: [office])
            #expect(ruleSet.program.steps.filter { $0.shared >= 0 }.count > 20, "tests asked alike share a slot")
            for _ in 0..<150 {
                let event = Self.event(&random)
                let expected = ruleSet.rules.filter { rule in
                    var context = EvaluationContext(EvaluationInput(event: event, now: event.time, ruleSet: ruleSet, history: FiringLedger()))
                    return ruleSet.program.holds(rule.root, &context)
                }.map(\.rule.id)
                #expect(Fixtures.firing(ruleSet, event) == expected)
                fired += expected.count
                quiet += ruleSet.rules.count - expected.count
            }
        }
        #expect(fired > 5_000 && quiet > 5_000, "fired \(fired), quiet \(quiet)")
    }

    static func test(_ random: inout SeededRandom, depth: Int) -> Condition {
        func pick(_ values: [String]) -> String { values[Int.random(in: 0..<values.count, using: &random)] }
        switch Int.random(in: 0..<(depth > 0 ? 10 : 8), using: &random) {
        case 0: return Condition(.tags(TagTest(includes: [pick(["vip", "gold"])])))
        case 1: return Condition(.tags(TagTest(noneOf: [pick(["vip", "spam"])])))
        case 2: return Condition(.channel([pick(["Sales", "Support"])]))
        case 3: return Condition(.body(TextTest([.contains([pick(["refund", "return"])])])))
        case 4: return Condition(.contactPhone(TextTest([.startsWith([pick(["+966", "+971"])])])))
        case 5: return Condition(.elapsed(.lastOutbound, .compare(Comparison([(.moreThan, [60, 3_600][Int.random(in: 0...1, using: &random)])]))))
        case 6: return Condition(Bool.random(using: &random) ? .within(calendar: "office") : .outside(calendar: "office"))
        case 7: return Condition(.assignee(.oneOf([pick(["sara@acme.sa", "omar@acme.sa"])])))
        case 8: return Condition(.not(test(&random, depth: depth - 1)))
        default: return Condition(.any([test(&random, depth: depth - 1), test(&random, depth: depth - 1)]))
        }
    }

    static func event(_ random: inout SeededRandom) -> Event {
        func pick(_ values: [String]) -> String { values[Int.random(in: 0..<values.count, using: &random)] }
        let time = Fixtures.time("2026-03-16T00:00:00Z").addingTimeInterval(Double(Int.random(in: 0...604_800, using: &random)))
        let conversation = ConversationSnapshot(
            id: "c-1", tags: ["vip", "gold", "spam"].filter { _ in Bool.random(using: &random) },
            channel: Channel(name: pick(["Sales", "Support", "Main"])), assignee: Bool.random(using: &random) ? pick(["sara@acme.sa", "omar@acme.sa"]) : nil,
            contact: Contact(phone: pick(["+966500111222", "+971501234567"])),
            lastOutboundAt: Bool.random(using: &random) ? time.addingTimeInterval(-Double(Int.random(in: 0...7_200, using: &random))) : nil)
        return Fixtures.message(pick(["I want a refund", "I want to return it", "hello"]), at: Timestamp.format(time), conversation: conversation)
    }
}
