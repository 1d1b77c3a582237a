import Foundation
@testable import InboxBotCore
import Testing

/// `timerChanges(after:fromBot:waits:)`, which leaves out what would change nothing (ends of
/// waits that do not wait, episodes that have fired), against the full list: over random
/// events, a queue fed either way holds the same waits and fires the same timers.
@Suite struct TimerChangesTests {
    static let kinds: [TimerTrigger.Kind] = [.idle, .customerSilent, .sinceCreated, .sinceAssigned, .unassigned, .statusHeld(.pending)]
    static let types: [EventType] = [.messageReceived, .messageSent, .callAnswered, .conversationCreated, .conversationAssigned,
                                     .conversationClosed, .conversationReopened, .conversationStatusChanged, .conversationTagged]

    static func ruleSet() throws -> CompiledRuleSet {
        let rules = kinds.enumerated().map { index, kind in
            Rule(id: "r-\(index)", triggers: [.timer(TimerTrigger(kind: kind, after: .minutes(5 * (index + 1))), location: nil)],
                 actions: [Action(.tag(["t"]))])
        }
        return try #require(RuleCompiler.compile(RuleSet(rules: rules)).ruleSet)
    }

    @Test func leavingOutWhatChangesNothingLeavesTheSameWaits() throws {
        let ruleSet = try Self.ruleSet()
        var random = SeededRandom(seed: 2026)
        // `inPlace` takes the lean changes worked out and applied in one reused list, as a replay does.
        var full = TimerQueue(), lean = TimerQueue(), inPlace = TimerQueue()
        var reused = TimerChanges(conversationID: "")
        var now = Fixtures.time("2026-03-17T12:00:00Z")
        var cancels = (full: 0, lean: 0), fired = 0, armsLeftOut = 0
        for step in 0..<6_000 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...120, using: &random)))
            let conversation = ConversationSnapshot(
                id: "c-\(Int.random(in: 0..<12, using: &random))",
                status: [.open, .pending, .closed].randomElement(using: &random) ?? .open,
                assignee: Bool.random(using: &random) ? "lina@acme.sa" : nil,
                assignedAt: Bool.random(using: &random) ? now.addingTimeInterval(-600) : nil,
                lastOutboundAt: Bool.random(using: &random) ? now.addingTimeInterval(-60) : nil)
            let type = Self.types.randomElement(using: &random) ?? .messageReceived
            let event = Event(id: "e-\(step)", type: type, time: now, conversation: conversation,
                              message: type.carriesMessage ? Message(direction: type == .messageSent ? .outbound : .inbound, body: "hi") : nil)
            let fromBot = Int.random(in: 0..<4, using: &random) == 0
            let everything = ruleSet.timerChanges(after: event, fromBot: fromBot)
            let waits = lean.waits(on: conversation.id)
            let changes = ruleSet.timerChanges(after: event, fromBot: fromBot, waits: waits)
            for (ruleID, kind) in changes.cancel {
                #expect(waits.contains(ruleID: ruleID, kind: kind), "step \(step): an end of a wait that does not wait is listed")
            }
            for timer in changes.arm {
                #expect(!waits.hasFired(timer), "step \(step): an episode that has fired is armed again")
            }
            cancels.full += everything.cancel.count
            cancels.lean += changes.cancel.count
            armsLeftOut += everything.arm.count - changes.arm.count
            let placeWaits = inPlace.waits(on: conversation.id)
            ruleSet.timerChanges(after: event, fromBot: fromBot, waits: placeWaits, into: &reused)
            #expect(reused.arm.map(\.firingID) == changes.arm.map(\.firingID) && reused.cancel.map(\.ruleID) == changes.cancel.map(\.ruleID), "step \(step)")
            full.apply(everything)
            lean.apply(changes, to: waits)
            inPlace.apply(&reused, to: placeWaits)
            #expect(reused.arm.isEmpty, "step \(step): the armed timers are moved into the queue")
            #expect(full.due(by: .distantFuture).map(\.key) == lean.due(by: .distantFuture).map(\.key), "step \(step)")
            #expect(inPlace.due(by: .distantFuture).map(\.key) == lean.due(by: .distantFuture).map(\.key), "step \(step)")
            while true {
                let expected = full.takeNext(dueBy: now), next = lean.takeNext(dueBy: now), placed = inPlace.takeNext(dueBy: now)
                #expect(next?.key == expected?.key && placed?.key == expected?.key, "step \(step)")
                guard expected != nil, next != nil else { break }
                fired += 1
            }
        }
        // Enough of every outcome to mean something: waits armed, fired, and ends left out.
        #expect(fired > 300)
        #expect(cancels.lean > 300 && cancels.lean * 2 < cancels.full, "\(cancels)")
        #expect(armsLeftOut > 300)
    }

    /// Lean changes tell the queue their arms have not fired; an arm added by hand afterwards
    /// is checked again.
    @Test func anArmAddedAfterwardsIsCheckedAgain() throws {
        let ruleSet = try Self.ruleSet()
        var queue = TimerQueue()
        let event = Event(id: "e-1", type: .messageReceived, time: Fixtures.time("2026-03-17T12:00:00Z"),
                          conversation: ConversationSnapshot(id: "c-1"), message: Message(direction: .inbound, body: "hi"))
        queue.apply(ruleSet.timerChanges(after: event, waits: queue.waits(on: "c-1")))
        let next = queue.takeNext(dueBy: .distantFuture)
        let fired = try #require(next)
        var again = ruleSet.timerChanges(after: event, waits: queue.waits(on: "c-1"))
        #expect(again.armsUnfired)
        #expect(!again.arm.contains { $0.key == fired.key })
        again.arm.append(fired)
        #expect(!again.armsUnfired)
        queue.apply(again)
        #expect(!queue.waits(on: "c-1").contains(ruleID: fired.ruleID, kind: String(fired.kind)), "a fired episode is armed again")
    }

    /// A key made in one allocation reads as the parts joined, whatever their script.
    @Test func aTimersKeyIsItsPartsJoinedByBars() {
        for (rule, conversation, episode) in [("sla", "c-1", "idle:never"), ("ردّ", "محادثة-١", "idle:\u{301}x"), ("", "", ""),
                                              ("r", String(repeating: "c", count: 40), "customer_silent:e-🙂")] {
            let timer = TimerRecord(ruleID: rule, conversationID: conversation, episode: episode, dueAt: .distantPast, armedAt: .distantPast)
            #expect(timer.key == rule + "|" + conversation + "|" + episode)
            #expect(timer.firingID == "timer:" + rule + "|" + conversation + "|" + episode)
            #expect(timer.hasKey(rule + "|" + conversation + "|" + episode))
            #expect(!timer.hasKey(rule + "|" + conversation + "|" + episode + "x") && !timer.hasKey(String((rule + "|" + conversation).dropLast())))
            #expect(timer.episode == episode)
            #expect(timer.kind == TimerRecord.kind(ofEpisode: episode[...]))
            #expect(timer.kindName == String(timer.kind))
        }
    }

    /// A timer fires its own rule, found by its id, whichever rule set armed it: the place a
    /// timer's rule had in the rules that armed it is only a shortcut.
    @Test func aTimerFiresItsOwnRuleWhateverRulesArmedIt() {
        func waiting(_ id: String, tag: String) -> Rule {
            Rule(id: id, triggers: [.timer(TimerTrigger(kind: .idle, after: .minutes(10)), location: nil)], condition: Condition(.all([])),
                 actions: [Action(.tag([tag]))])
        }
        let arming = Fixtures.compile([waiting("first", tag: "one"), waiting("second", tag: "two")])
        let event = Fixtures.message("hello", id: "e-1", conversation: ConversationSnapshot(id: "c-1"))
        let timers = arming.timerChanges(after: event).arm
        #expect(timers.map(\.ruleID) == ["first", "second"])
        let reordered = Fixtures.compile([waiting("second", tag: "two"), waiting("other", tag: "three"), waiting("first", tag: "one")])
        for ruleSet in [arming, reordered] {
            for timer in timers {
                let due = timer.dueAt
                let decisions = ruleSet.fire(timer, conversation: event.conversation, at: due, history: FiringLedger()).decisions
                #expect(decisions.map(\.ruleID) == [timer.ruleID])
                let stored = TimerRecord(ruleID: timer.ruleID, conversationID: timer.conversationID, episode: timer.episode, dueAt: due, armedAt: timer.armedAt, event: timer.event)
                #expect(stored == timer, "where its rule was is not part of what a timer is")
                #expect(ruleSet.fire(stored, conversation: event.conversation, at: due, history: FiringLedger()).decisions.map(\.ruleID) == [timer.ruleID])
                #expect(ruleSet.explainTimer(timer, conversation: event.conversation, at: due, history: FiringLedger())?.ruleID == timer.ruleID)
            }
        }
        let gone = Fixtures.compile([waiting("other", tag: "three")])
        #expect(timers.allSatisfy { gone.fire($0, conversation: event.conversation, at: $0.dueAt, history: FiringLedger()).decisions.isEmpty })
    }
}
