import Foundation
import Testing
@testable import InboxBotCore

/// The send guard: no automated message to an opted-out contact, and `send_limit`.
@Suite struct SendGuardTests {
    static func conversation(_ id: String, phone: String? = nil, contactID: String? = nil) -> ConversationSnapshot {
        ConversationSnapshot(id: id, contact: Contact(id: contactID, phone: phone))
    }

    static let stop = Fixtures.rule("stop", if: Condition(.body(TextTest([.equals(["stop"])]))),
                                    then: [.sendText(Fixtures.template("Bye")), .optOut, .sendText(Fixtures.template("Too late"))])
    static let promo = Fixtures.rule("promo", then: [.tag(["promo"]), .sendTemplate(WhatsAppTemplate(name: "offers", language: "en"))])

    static func lines(_ evaluation: Evaluation) -> [String] { evaluation.decisions.map(\.line) }

    @Test func withinOneEventOrderDecides() {
        let ruleSet = Fixtures.compile([Self.stop, Self.promo])
        let event = Fixtures.message("STOP", conversation: Self.conversation("c1", phone: "+966500000001"))
        let evaluation = ruleSet.evaluate(event, at: event.time, history: FiringLedger())
        #expect(Self.lines(evaluation) == [
            "e-1 c1 stop: send text \"Bye\"; opt the contact out of automated messages; withheld send text \"Too late\": the contact opted out earlier in this event",
            "e-1 c1 promo: tag promo; withheld send template offers (en): the contact opted out earlier in this event",
        ])
        // Explain says the same as evaluate.
        let verdicts = ruleSet.explain(event, at: event.time, history: FiringLedger())
        #expect(verdicts.map { $0.actions.map(\.summary) } == evaluation.decisions.map { $0.actions.map(\.summary) })
    }

    @Test func anOptOutFollowsTheContactByPhoneOrIdIntoNewConversations() {
        let ruleSet = Fixtures.compile([Self.stop, Self.promo])
        var ledger = FiringLedger()
        let first = Fixtures.message("stop", conversation: Self.conversation("c1", phone: "+966 50 000 0001", contactID: "k-1"))
        for decision in ruleSet.evaluate(first, at: first.time, history: ledger).decisions { ledger.record(decision, at: first.time) }
        // The same number under another contact id, and the same contact id without its number.
        for conversation in [Self.conversation("c2", phone: "00966500000001", contactID: "k-9"), Self.conversation("c3", contactID: "k-1")] {
            let later = Fixtures.message("hello", id: "e-2", at: "2026-03-20T12:00:00Z", conversation: conversation)
            let actions = ruleSet.evaluate(later, at: later.time, history: ledger).decisions.flatMap(\.actions)
            #expect(actions.map { $0.action } == [.addTags(["promo"]), nil], "\(conversation.id)")
            #expect(actions.last?.withheld == .optedOut(at: first.time))
        }
        // Another number is not affected.
        let other = Fixtures.message("hello", id: "e-3", conversation: Self.conversation("c4", phone: "+966500000002"))
        #expect(ruleSet.evaluate(other, at: other.time, history: ledger).decisions.flatMap(\.actions).allSatisfy { $0.withheld == nil })
    }

    /// The guard works out a contact's keys once and keeps them for the evaluation's other
    /// decisions; a guard asked about another conversation works out that one's.
    @Test func theGuardsContactKeysAreTheConversationsOwn() {
        let ruleSet = Fixtures.compile([Self.promo])
        let history = FiringLedger(firings: [:], optOuts: ["phone:966500000001": OptOut(at: Fixtures.time("2026-03-01T00:00:00Z"), eventID: "x", ruleID: "stop")])
        let planned = ruleSet.plannedActions(ruleSet.rules[0], for: Fixtures.message("hi"))
        var guardOfBoth = SendGuard()
        for (phone, withheld) in [("+966500000001", true), ("+966500000002", false), ("+966500000001", true)] {
            let conversation = Self.conversation("c-\(phone)", phone: phone)
            let checked = guardOfBoth.check(planned, of: ruleSet.rules[0], in: conversation, shadow: false, now: Fixtures.time("2026-03-17T12:00:00Z"),
                                            ruleSet: ruleSet, history: history)
            #expect((checked.last?.withheld != nil) == withheld, "\(phone)")
        }
    }

    @Test func aNewConversationToAnOptedOutNumberIsWithheld() throws {
        let outreach = Fixtures.rule("outreach", then: [.createConversation(NewConversation(
            channel: "Main", phone: Fixtures.template("+966500000001"), text: Fixtures.template("Hi")))])
        let ruleSet = Fixtures.compile([outreach])
        let optedOut = FiringLedger(firings: [:], optOuts: ["phone:966500000001": OptOut(at: Fixtures.time("2026-03-01T00:00:00Z"), eventID: "x", ruleID: "stop")])
        let event = Fixtures.message("hello", conversation: Self.conversation("c9", phone: "+15550001111"))
        let planned = try #require(ruleSet.evaluate(event, at: event.time, history: optedOut).decisions.first?.actions.first)
        #expect(planned.withheld == .optedOut(at: Fixtures.time("2026-03-01T00:00:00Z")))
    }

    @Test func aShadowRulesOptOutChangesNothingAfterIt() {
        var shadowStop = Self.stop
        shadowStop.policy.shadow = true
        let ruleSet = Fixtures.compile([shadowStop, Self.promo])
        let event = Fixtures.message("stop", conversation: Self.conversation("c1", phone: "+966500000001"))
        let evaluation = ruleSet.evaluate(event, at: event.time, history: FiringLedger())
        #expect(evaluation.decisions.last?.actions.allSatisfy { $0.withheld == nil } == true)
        var ledger = FiringLedger()
        for decision in evaluation.decisions { ledger.record(decision, at: event.time) }
        #expect(ledger.optOut(of: ["phone:966500000001"]) == nil, "a shadow decision records nothing")
    }

    /// Recording an evaluation whole keeps what recording each decision keeps: the opt-out,
    /// and nothing of a shadow rule's.
    @Test func anEvaluationRecordedWholeKeepsItsOptOut() {
        let event = Fixtures.message("stop", conversation: Self.conversation("c1", phone: "+966500000001"))
        var shadowStop = Self.stop
        shadowStop.policy.shadow = true
        for (stop, kept) in [(Self.stop, true), (shadowStop, false)] {
            let evaluation = Fixtures.compile([stop, Self.promo]).evaluate(event, at: event.time, history: FiringLedger())
            var ledger = FiringLedger()
            ledger.record(evaluation, at: event.time)
            #expect((ledger.optOut(of: ["phone:966500000001"]) != nil) == kept, "shadow: \(stop.policy.shadow)")
        }
    }

    @Test func theOptedOutConditionIsTheStateBeforeTheEventAndExplainsItself() throws {
        let asked = Fixtures.rule("asked", if: Condition(.optedOut(true)), then: [.tag(["asked-again"])])
        let ruleSet = Fixtures.compile([Self.stop, asked])
        let event = Fixtures.message("stop", conversation: Self.conversation("c1", phone: "+966500000001"))
        #expect(Fixtures.firing(ruleSet, event) == ["stop"], "opting out in this event does not make the condition hold yet")
        let history = FiringLedger(firings: [:], optOuts: ["phone:966500000001": OptOut(at: Fixtures.time("2026-03-10T08:00:00Z"), eventID: "x", ruleID: "stop")])
        let again = Fixtures.message("hi", conversation: Self.conversation("c1", phone: "+966500000001"))
        #expect(Fixtures.firing(ruleSet, again, history: history) == ["asked"])
        let verdict = try #require(ruleSet.explain(again, at: again.time, history: history).last)
        #expect(verdict.lines().contains("    ✓ the contact has opted out  (saw opted out at 2026-03-10T08:00:00Z)"), "\(verdict.lines())")
    }

    @Test func theSendLimitCountsEveryRuleAndStartsAgainAtTheCalendarsMidnight() throws {
        let greet = Fixtures.rule("greet", then: [.sendText(Fixtures.template("Hello"))])
        let riyadh = CalendarDefinition(name: "riyadh", timeZone: "Asia/Riyadh", weekly: [:])
        var source = RuleSet(rules: [greet, Self.promo], calendars: [riyadh])
        source.sendLimit = SendLimit(perContactPerDay: 3, calendar: "riyadh")
        let ruleSet = try #require(RuleCompiler.compile(source).ruleSet)
        var ledger = FiringLedger()
        var sent: [Int] = []
        // 20:00 and 20:30 UTC are the 17th's last hour in Riyadh; 21:00 UTC is midnight there.
        for (index, time) in ["2026-03-17T20:00:00Z", "2026-03-17T20:30:00Z", "2026-03-17T21:00:00Z"].enumerated() {
            let event = Fixtures.message("hi", id: "e\(index)", at: time, conversation: Self.conversation("c\(index)", phone: "+966500000001"))
            let decisions = ruleSet.evaluate(event, at: event.time, history: ledger).decisions
            for decision in decisions { ledger.record(decision, at: event.time) }
            sent.append(decisions.flatMap(\.actions).count { $0.action.map { $0.recipientKeys(contactKeys: []) != nil } == true })
        }
        #expect(sent == [2, 1, 2], "three a day across rules and conversations, counted again from midnight in Riyadh")
    }

    @Test func theWindowIsOpenForTwentyFourHoursAfterTheCustomersLastMessage() {
        var conversation = Self.conversation("c1")
        conversation.lastInboundAt = Fixtures.time("2026-03-17T12:00:00Z")
        let justBefore = Fixtures.message("x", type: .messageSent, at: "2026-03-18T11:59:59Z", direction: .outbound, conversation: conversation)
        let atTheEnd = Fixtures.message("x", type: .messageSent, at: "2026-03-18T12:00:00Z", direction: .outbound, conversation: conversation)
        #expect(Fixtures.holds(.serviceWindow(open: true), justBefore))
        #expect(Fixtures.holds(.serviceWindow(open: false), atTheEnd))
        #expect(Fixtures.holds(.serviceWindow(open: false), Fixtures.message("x", conversation: Self.conversation("never-wrote"))))
    }

    @Test func aTextWithAFallbackBecomesTheTemplateOnceTheWindowHasClosed() throws {
        let fallback = WhatsAppTemplate(name: "follow_up", language: "ar", body: [Fixtures.template("{{contact.name | عميلنا}}")])
        let action = Action(.sendTextOrTemplate(Fixtures.template("Still there?"), fallback: fallback))
        var conversation = Self.conversation("c1")
        conversation.lastInboundAt = Fixtures.time("2026-03-17T12:00:00Z")
        let open = Fixtures.message("x", at: "2026-03-17T20:00:00Z", conversation: conversation)
        let closed = Fixtures.message("x", at: "2026-03-18T12:00:01Z", conversation: conversation)
        #expect(try action.render(for: open, ruleID: "r").get() == .sendText("Still there?"))
        #expect(try action.render(for: closed, ruleID: "r").get() == .sendTemplate(RenderedTemplate(name: "follow_up", language: "ar", body: ["عميلنا"])))
    }

    /// As in the stores: the first opt-out stands, and an opt-in by one key takes back the
    /// whole opt-out, under every key it was recorded with.
    @Test func theLedgerKeepsTheFirstOptOutAndAnOptInTakesItAllBack() {
        var ledger = FiringLedger()
        let first = OptOut(at: Fixtures.time("2026-03-17T08:00:00Z"), eventID: "e1", ruleID: "stop")
        ledger.apply(.optOut(keys: ["phone:1", "id:k"], first))
        ledger.apply(.optOut(keys: ["phone:1"], OptOut(at: Fixtures.time("2026-03-18T08:00:00Z"), eventID: "e2", ruleID: "stop")))
        #expect(ledger.optOut(of: ["phone:1"]) == first)
        ledger.apply(.optIn(keys: ["phone:1"]))
        #expect(ledger.optOut(of: ["phone:1", "id:k"]) == nil)
        #expect(!ledger.hasOptOuts)
    }
}
