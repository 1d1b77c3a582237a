import Foundation
@testable import InboxBotCore
import Testing

@Suite struct ReplayerTests {
    /// Each rule's matches and the conversations it matched in, as the report counts them,
    /// against the decisions the replay returned: 70 rules (a rule's bit past the first
    /// word of 64), conversations matched again and again, one rule that never matches.
    @Test func theReportCountsEachRulesConversationsOnce() {
        let rules = (0..<70).map { index in
            Fixtures.rule("r-\(index)", if: Condition(.body(TextTest([.words(["w\(index % 23)", "x\(index)"])]))))
        }
        let ruleSet = Fixtures.compile(rules + [Fixtures.rule("never", if: Condition(.body(TextTest([.contains(["nowhere"])]))))])
        var replayer = Replayer(ruleSet: ruleSet)
        var random = SeededRandom(seed: 70)
        var matches: [String: Int] = [:], conversations: [String: Set<String>] = [:]
        let start = Fixtures.time("2026-03-17T12:00:00Z")
        for index in 0..<3_000 {
            let words = (0..<3).map { _ in Bool.random(using: &random) ? "w\(Int.random(in: 0..<23, using: &random))" : "x\(Int.random(in: 0..<70, using: &random))" }
            let conversation = ConversationSnapshot(id: "c-\(Int.random(in: 0..<150, using: &random))")
            var event = Fixtures.message(words.joined(separator: " "), id: "e-\(index)", conversation: conversation)
            event.time = start.addingTimeInterval(Double(index))
            for result in replayer.replay(event) {
                for decision in result.evaluation.decisions {
                    matches[decision.ruleID, default: 0] += 1
                    conversations[decision.ruleID, default: []].insert(decision.conversationID)
                }
            }
        }
        let report = replayer.report
        #expect(report.events == 3_000)
        #expect(report.perRule == ruleSet.source.rules.reduce(into: [:]) { $0[$1.id] = matches[$1.id] ?? 0 })
        #expect(report.perRuleConversations == ruleSet.source.rules.reduce(into: [:]) { $0[$1.id] = conversations[$1.id]?.count ?? 0 })
        #expect(report.perRuleConversations["r-69", default: 0] > 1, "a rule past the first 64 matched in several conversations")
        #expect(report.perRuleConversations["never"] == 0)
        #expect(report.matches > report.perRuleConversations.values.reduce(0, +), "rules matched again in conversations they had matched in")
    }

    /// Conversations numbered by the caller (as `inboxbot replay`'s reading core numbers
    /// them) replay exactly as when the replayer looks their ids up: the same decisions, the
    /// same conversations as the rules saw them (tags the rules added), the same timers; also
    /// when the numbering skips numbers (ids numbered but never replayed).
    @Test func conversationsNumberedByTheCallerReplayAsByTheirIds() {
        var late = Fixtures.rule("late", then: [.tag(["late"])])
        late.triggers = [.timer(TimerTrigger(kind: .idle, after: .minutes(30)), location: nil)]
        let ruleSet = Fixtures.compile([
            Fixtures.rule("vip", if: Condition(.body(TextTest([.contains(["vip"])]))), then: [.tag(["vip"])]),
            Fixtures.rule("seen-vip", if: Condition(.tags(TagTest(includes: ["vip"]))), then: [.tag(["seen"])]),
            late,
        ])
        var byIDs = Replayer(ruleSet: ruleSet), numbered = Replayer(ruleSet: ruleSet)
        var numbering = ConversationNumbers()
        var random = SeededRandom(seed: 26)
        let start = Fixtures.time("2026-03-17T12:00:00Z")
        func summary(_ results: [Replayer.Replayed]) -> [String] {
            results.map { "\($0.event.id) \($0.event.conversation.id) \($0.event.conversation.tags) \($0.timer?.key ?? "-") "
                + $0.evaluation.decisions.map { "\($0.ruleID)@\($0.conversationID)" }.joined(separator: ",") }
        }
        var seenTags = 0
        for index in 0..<1_500 {
            if index % 10 == 0 { _ = numbering.number(of: "ghost-\(index)") }
            let conversation = ConversationSnapshot(id: "c-\(Int.random(in: 0..<40, using: &random))")
            var event = Fixtures.message(Bool.random(using: &random) ? "vip here" : "hello", id: "e-\(index)", conversation: conversation)
            event.time = start.addingTimeInterval(Double(index * 60))
            let expected = summary(byIDs.replay(event)), got = summary(numbered.replay(event, numbered: numbering.number(of: conversation.id)))
            #expect(got == expected, "event \(index)")
            seenTags += expected.filter { $0.contains("\"seen\"") }.count
        }
        #expect(summary(numbered.fireTimers(through: .distantFuture)) == summary(byIDs.fireTimers(through: .distantFuture)))
        let (report, expected) = (numbered.report, byIDs.report)
        #expect((report.matches, report.actions, report.timersFired, report.perRule, report.perRuleConversations)
                == (expected.matches, expected.actions, expected.timersFired, expected.perRule, expected.perRuleConversations))
        #expect(seenTags > 100 && report.timersFired > 20, "later events and timers saw the rules' tags")
    }

    /// What later events see of the rules' doings is what was carried out: a send withheld
    /// from an opted-out contact leaves no reply on the conversation.
    @Test func laterEventsSeeOnlyWhatWasCarriedOut() {
        let ruleSet = Fixtures.compile([Fixtures.rule("greet", then: [.sendText(Fixtures.template("Hi"))])])
        let optedOut = FiringLedger(firings: [:], optOuts: ["phone:966500000001": OptOut(at: Fixtures.time("2026-03-01T00:00:00Z"), eventID: "x", ruleID: "stop")])
        for (ledger, replied) in [(FiringLedger(), true), (optedOut, false)] {
            var replayer = Replayer(ruleSet: ruleSet, ledger: ledger)
            let conversation = ConversationSnapshot(id: "c1", contact: Contact(phone: "+966500000001"))
            let first = Fixtures.message("hello", id: "e-1", at: "2026-03-17T12:00:00Z", conversation: conversation)
            _ = replayer.replay(first)
            var second = Fixtures.message("again", id: "e-2", at: "2026-03-17T12:05:00Z", conversation: conversation)
            _ = replayer.replay(&second)
            #expect(second.conversation.lastOutboundAt == (replied ? first.time : nil), "replied: \(replied)")
        }
    }

    /// A replay that retires what it is done with hands over each replaced snapshot, each
    /// fired timer and each timer a later event ended, once; and counts as one that frees
    /// them at once, or returns them.
    @Test func whatItRetiresIsWhatItWasDoneWithOnce() {
        var late = Fixtures.rule("late", then: [.tag(["late"])])
        late.triggers = [.timer(TimerTrigger(kind: .idle, after: .minutes(10)), location: nil)]
        // An hour: a reply ends this wait before it is due.
        var later = Fixtures.rule("later", then: [.tag(["later"])])
        later.triggers = [.timer(TimerTrigger(kind: .idle, after: .minutes(60)), location: nil)]
        let ruleSet = Fixtures.compile([Fixtures.rule("answer", if: Condition(.body(TextTest([.contains(["help"])]))), then: [.sendText(Fixtures.template("On it"))]), late, later])
        var returning = Replayer(ruleSet: ruleSet), retiring = Replayer(ruleSet: ruleSet, returnsResults: false, retires: true)
        var snapshots: [ConversationSnapshot] = [], timers: [TimerRecord] = [], ended: [TimerRecord] = []
        func take() {
            let taken = retiring.takeRetired()
            snapshots += taken.snapshots
            timers += taken.timers
            ended += taken.endedTimers
        }
        var results: [Replayer.Replayed] = []
        let start = Fixtures.time("2026-03-17T12:00:00Z")
        for index in 0..<200 {
            // Every fifth, an agent's reply, which ends the waits for one.
            let reply = index % 5 == 4
            var event = Fixtures.message(index % 3 == 0 ? "help" : "hello", id: "e-\(index)", type: reply ? .messageSent : .messageReceived,
                                         direction: reply ? .outbound : .inbound, conversation: ConversationSnapshot(id: "c-\(index % 7)"))
            event.time = start.addingTimeInterval(Double(index * 240))
            results += returning.replay(event)
            #expect(retiring.replay(event).isEmpty, "nothing returned")
            if index % 50 == 0 { take() }
        }
        results += returning.fireTimers(through: start.addingTimeInterval(86_400))
        #expect(retiring.fireTimers(through: start.addingTimeInterval(86_400)).isEmpty)
        take()
        let report = retiring.report, expected = returning.report
        #expect(report.timersFired > 20, "each answer starts another wait")
        #expect((report.matches, report.actions, report.timersFired, report.perRule) == (expected.matches, expected.actions, expected.timersFired, expected.perRule))
        #expect(snapshots.count == 200 - 7, "each event's snapshot but the first of each conversation was replaced once")
        #expect(timers.map(\.key) == results.compactMap(\.timer?.key))
        // A reply ends the hour's wait: those timers end without firing.
        #expect(ended.count > 20 && ended.allSatisfy { $0.ruleID == "later" } && retiring.pendingTimers.isEmpty, "\(ended.count) ended")
        let again = retiring.takeRetired()
        #expect(again.snapshots.isEmpty && again.timers.isEmpty && again.endedTimers.isEmpty, "taken once")
    }
}
