import Foundation
@testable import InboxBotCore
import Testing

/// Evaluations that share one `EvaluationScratch` decide exactly as fresh ones: nothing an
/// event left in the room (its tag bits, its folded texts, a property's text) is read for
/// the next.
@Suite struct EvaluationScratchTests {
    @Test func eventsEvaluatedInOneRoomDecideAsAlone() {
        let ruleSet = Fixtures.compile([
            Fixtures.rule("vip", if: Condition(.tags(TagTest(includes: ["vip"])))),
            Fixtures.rule("not-gold", if: Condition(.tags(TagTest(noneOf: ["gold"])))),
            Fixtures.rule("main-line", if: Condition(.channel(["Main Line"]))),
            Fixtures.rule("refund", if: Condition(.body(TextTest([.contains(["refund"])])))),
            Fixtures.rule("tier", if: Condition(.contactProperty(name: "tier", TextTest([.equals(["gold"])])))),
            Fixtures.rule("tier-set", if: Condition(.contactProperty(name: "tier", TextTest([.isSet(true)])))),
            Fixtures.rule("tier-ver", if: Condition(.contactProperty(name: "tier", TextTest([.contains(["ver"])])))),
            Fixtures.rule("name", if: Condition(.contactName(TextTest([.startsWith(["sara"])])))),
            Fixtures.rule("order", if: Condition(.body(TextTest([.matches("order #[0-9]+", location: nil)])))),
        ])
        var random = SeededRandom(seed: 7)
        var scratch = EvaluationScratch()
        var decided = 0
        for number in 0..<400 {
            func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
            let conversation = ConversationSnapshot(
                id: "c-\(number % 13)", tags: pick([[], ["vip"], ["gold", "vip"], ["gold"], ["new", "VIP"]]),
                channel: Channel(id: "ch", name: pick([nil, "Main Line", "Other"])),
                contact: Contact(name: pick([nil, "Sara", "Omar"]), properties: pick([[:], ["tier": "gold"], ["tier": "silver"]])))
            let body = pick([nil, "hello", "I want a REFUND", "where is order #42 please, it is very late", "طلب استرداد"])
            let event = Fixtures.message(body, id: "e-\(number)", conversation: conversation)
            let shared = ruleSet.evaluate(event, at: event.time, history: FiringLedger(), scratch: &scratch).decisions.map(\.ruleID)
            let alone = ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions.map(\.ruleID)
            #expect(shared == alone, "event \(number)")
            decided += alone.count
        }
        #expect(decided > 400, "the rules match often, so stale room would show")
        #expect(scratch.textBuffer.count < 200, "the room is emptied for each event, not grown")
    }

    /// Timers fired in the room events were evaluated in (as a replay and the worker's timer
    /// pass fire them) decide as timers fired alone.
    @Test func timersFiredInTheRoomDecideAsAlone() throws {
        func timerRule(_ id: String, _ kind: TimerTrigger.Kind, if condition: Condition) -> Rule {
            Rule(id: id, triggers: [.timer(TimerTrigger(kind: kind, after: .minutes(10)), location: nil)], condition: condition,
                 actions: [Action(.tag(["late"]))])
        }
        let ruleSet = Fixtures.compile([
            timerRule("refund-idle", .idle, if: Condition(.body(TextTest([.contains(["refund"])])))),
            timerRule("vip-unassigned", .unassigned, if: Condition(.tags(TagTest(includes: ["vip"])))),
            timerRule("gold-idle", .idle, if: Condition(.contactProperty(name: "tier", TextTest([.equals(["gold"])])))),
            Fixtures.rule("order", if: Condition(.body(TextTest([.matches("order #[0-9]+", location: nil)])))),
        ])
        var random = SeededRandom(seed: 21)
        var scratch = EvaluationScratch()
        var decided = 0
        for number in 0..<300 {
            func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
            let conversation = ConversationSnapshot(
                id: "c-\(number % 7)", tags: pick([[], ["vip"], ["VIP", "new"]]),
                contact: Contact(properties: pick([[:], ["tier": "gold"], ["tier": "silver"]])))
            let event = Fixtures.message(pick(["hello", "a refund please", "order #7 is late"]), id: "e-\(number)", conversation: conversation)
            // An event evaluated in the room first, leaving its texts and bits there.
            _ = ruleSet.evaluate(event, at: event.time, history: FiringLedger(), scratch: &scratch)
            let rule = pick(["refund-idle", "vip-unassigned", "gold-idle"])
            let kind = rule == "vip-unassigned" ? "unassigned_for" : "idle"
            let due = event.time.addingTimeInterval(600)
            let timer = TimerRecord(ruleID: rule, conversationID: conversation.id, episode: "\(kind):\(number)", dueAt: due, armedAt: event.time, event: event)
            let shared = ruleSet.fire(timer, conversation: conversation, at: due, history: FiringLedger(), scratch: &scratch).decisions.map(\.ruleID)
            let alone = ruleSet.fire(timer, conversation: conversation, at: due, history: FiringLedger()).decisions.map(\.ruleID)
            #expect(shared == alone, "timer \(number)")
            decided += alone.count
        }
        #expect(decided > 60, "the timers' rules hold often, so stale room would show")
        #expect(scratch.textBuffer.count < 200, "the room is emptied for each timer, not grown")
    }
}
