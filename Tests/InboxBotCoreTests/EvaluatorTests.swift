import Foundation
import Testing
@testable import InboxBotCore

@Suite struct ConditionTests {
    let vip = ConversationSnapshot(
        id: "c-1", platform: "hatif", status: .open, tags: ["VIP", "new"], unread: 3,
        channel: Channel(id: "ch-7", name: "Main Line"), assignee: "Sara@acme.sa",
        contact: Contact(name: "محمد", phone: "+966 500 111 222", properties: ["tier": "Gold"]),
        createdAt: Fixtures.time("2026-03-17T10:00:00Z"), lastInboundAt: Fixtures.time("2026-03-17T11:59:00Z"))

    func event(_ body: String? = "I want a refund") -> Event {
        Fixtures.message(body, conversation: vip)
    }

    @Test func statusDirectionTypeAndPlatform() {
        #expect(Fixtures.holds(.status([.open, .pending]), event()))
        #expect(!Fixtures.holds(.status([.closed]), event()))
        #expect(Fixtures.holds(.direction([.inbound]), event()))
        #expect(!Fixtures.holds(.direction([.outbound]), event()))
        #expect(Fixtures.holds(.messageType([.text]), event()))
        #expect(!Fixtures.holds(.messageType([.image]), event()))
        #expect(Fixtures.holds(.platform(["hatif"]), event()))
        #expect(Fixtures.holds(.event([try! EventPattern.parse("message.*").get()]), event()))
    }

    @Test func tagsAreCaseInsensitiveSets() {
        #expect(Fixtures.holds(.tags(TagTest(includes: ["vip"])), event()))
        #expect(Fixtures.holds(.tags(TagTest(anyOf: ["gold", "new"])), event()))
        #expect(!Fixtures.holds(.tags(TagTest(allOf: ["vip", "gold"])), event()))
        #expect(!Fixtures.holds(.tags(TagTest(noneOf: ["new"])), event()))
        #expect(Fixtures.holds(.tags(TagTest(noneOf: ["spam"])), event()))
        #expect(Fixtures.holds(.tags(TagTest(isEmpty: false)), event()))
        var untagged = event()
        untagged.conversation.tags = []
        #expect(Fixtures.holds(.tags(TagTest(isEmpty: true)), untagged))
        #expect(!Fixtures.holds(.tags(TagTest(includes: ["vip"])), untagged))
    }

    @Test func tagBitsworkBeyondSixtyFourTags() {
        let many = (0..<150).map { "tag-\($0)" }
        let rules = many.map { Fixtures.rule($0, if: Condition(.tags(TagTest(includes: [$0])))) }
        let ruleSet = Fixtures.compile(rules)
        var event = event()
        event.conversation.tags = ["tag-3", "tag-70", "tag-149"]
        #expect(Fixtures.firing(ruleSet, event) == ["tag-3", "tag-70", "tag-149"])
    }

    /// Each regex's result is kept per event: bits for the first 64, a table past them.
    @Test func regexResultsStayApartBeyondSixtyFourRegexes() {
        let rules = (0..<80).map { Fixtures.rule("r\($0)", if: Condition(.body(TextTest([.matches("^word\($0)$", location: nil)])))) }
        let ruleSet = Fixtures.compile(rules + [Fixtures.rule("again", if: Condition(.body(TextTest([.matches("^word7[0-9]$", location: nil)]))))])
        #expect(Fixtures.firing(ruleSet, Fixtures.message("word3")) == ["r3"])
        #expect(Fixtures.firing(ruleSet, Fixtures.message("word70")) == ["r70", "again"])
        #expect(Fixtures.firing(ruleSet, Fixtures.message("word79")) == ["r79", "again"])
        #expect(Fixtures.firing(ruleSet, Fixtures.message("word80")).isEmpty)
    }

    @Test func unreadComparisons() {
        #expect(Fixtures.holds(.unread(Comparison([(.atLeast, 3)])), event()))
        #expect(!Fixtures.holds(.unread(Comparison([(.moreThan, 3)])), event()))
        #expect(Fixtures.holds(.unread(Comparison([(.moreThan, 1), (.lessThan, 4)])), event()))
    }

    @Test func channelByNameOrID() {
        #expect(Fixtures.holds(.channel(["main line"]), event()))
        #expect(Fixtures.holds(.channel(["ch-7"]), event()))
        #expect(!Fixtures.holds(.channel(["Support"]), event()))
    }

    @Test func assignee() {
        #expect(Fixtures.holds(.assignee(.any), event()))
        #expect(!Fixtures.holds(.assignee(.none), event()))
        #expect(Fixtures.holds(.assignee(.oneOf(["omar@acme.sa", "sara@ACME.sa"])), event()))
        var unassigned = event()
        unassigned.conversation.assignee = nil
        #expect(Fixtures.holds(.assignee(.none), unassigned))
        #expect(!Fixtures.holds(.assignee(.oneOf(["sara@acme.sa"])), unassigned))
    }

    @Test func bodyTests() {
        #expect(Fixtures.holds(.body(TextTest([.contains(["REFUND"])])), event()))
        #expect(Fixtures.holds(.body(TextTest([.startsWith(["i want"])])), event()))
        #expect(Fixtures.holds(.body(TextTest([.endsWith(["refund"])])), event()))
        #expect(Fixtures.holds(.body(TextTest([.containsAll(["want", "refund"])])), event()))
        #expect(!Fixtures.holds(.body(TextTest([.containsAll(["want", "cancel"])])), event()))
        #expect(Fixtures.holds(.body(TextTest([.equals(["i want a refund"])])), event()))
        #expect(Fixtures.holds(.body(TextTest([.matches("\\bref(und|nd)\\b", location: nil)])), event()))
        #expect(!Fixtures.holds(.body(TextTest([.matches("^refund", location: nil)])), event()))
        #expect(Fixtures.holds(.body(TextTest([.isSet(true)])), event()))
        #expect(Fixtures.holds(.body(TextTest([.isSet(false)])), event(nil)))
        #expect(!Fixtures.holds(.body(TextTest([.contains(["refund"])])), event(nil)))
    }

    @Test func arabicBodyMatchesAsAnArabicReaderExpects() {
        let test = Condition.Kind.body(TextTest([.contains(["استرجاع"])]))
        #expect(Fixtures.holds(test, event("أُريدُ إِسْتِرْجَاعَ المبلغ")))
        #expect(Fixtures.holds(.body(TextTest([.contains(["فاتوره"])])), event("الفاتورة خاطئة")))
        #expect(!Fixtures.holds(test, event("أريد الإلغاء")))
    }

    @Test func contactTests() {
        #expect(Fixtures.holds(.contactPhone(TextTest([.startsWith(["+966"])])), event()))
        #expect(Fixtures.holds(.contactPhone(TextTest([.startsWith(["00966 5"])])), event()))
        #expect(!Fixtures.holds(.contactPhone(TextTest([.startsWith(["+971"])])), event()))
        #expect(Fixtures.holds(.contactName(TextTest([.equals(["مُحَمَّد"])])), event()))
        #expect(Fixtures.holds(.contactProperty(name: "tier", TextTest([.equals(["gold", "platinum"])])), event()))
        #expect(!Fixtures.holds(.contactProperty(name: "region", TextTest([.isSet(true)])), event()))
    }

    @Test func callTests() {
        let call = Event(id: "e", type: .callMissed, time: Fixtures.time("2026-03-17T12:00:00Z"),
                         conversation: vip, call: Call(direction: .inbound, status: .missed, durationSeconds: 12))
        #expect(Fixtures.holds(.callStatus([.missed]), call))
        #expect(!Fixtures.holds(.callStatus([.answered]), call))
        #expect(Fixtures.holds(.callDuration(Comparison([(.lessThan, 30)])), call))
        #expect(Fixtures.holds(.direction([.inbound]), call))
        #expect(!Fixtures.holds(.body(TextTest([.isSet(true)])), call))
    }

    @Test func elapsedTimeIsMeasuredFromTheEvaluationTime() {
        let sinceInbound = Condition.Kind.elapsed(.lastInbound, .compare(Comparison([(.atLeast, 60)])))
        #expect(Fixtures.holds(sinceInbound, event()))
        #expect(Fixtures.holds(.elapsed(.lastOutbound, .never), event()))
        #expect(!Fixtures.holds(.elapsed(.lastOutbound, .compare(Comparison([(.moreThan, 0)]))), event()))
        #expect(Fixtures.holds(.elapsed(.created, .compare(Comparison([(.atLeast, 7200)]))), event()))
        let ruleSet = Fixtures.compile([Fixtures.rule(if: Condition(sinceInbound))])
        #expect(Fixtures.firing(ruleSet, event(), at: Fixtures.time("2026-03-17T11:59:30Z")).isEmpty)
    }

    /// A reference time centuries away from the event is measured, not a trap.
    @Test func elapsedTimeAcrossAnyDistanceNeverTraps() {
        var far = event()
        far.conversation.lastInboundAt = Date(timeIntervalSince1970: -1e300)
        #expect(Fixtures.holds(.elapsed(.lastInbound, .compare(Comparison([(.atLeast, 60)]))), far))
        far.conversation.lastInboundAt = Date(timeIntervalSince1970: 1e300)
        #expect(!Fixtures.holds(.elapsed(.lastInbound, .compare(Comparison([(.atLeast, 60)]))), far))
    }

    /// The gate before each rule's condition (`RuleGate`) only skips rules that could not
    /// hold: over every mix of status, direction, unread and assignee, evaluation (gated)
    /// decides exactly what explanation (ungated) says.
    @Test func theRuleGateNeverSkipsARuleThatHolds() {
        let rules = [
            Fixtures.rule("nested", on: ["message.*"], if: Condition(.all([Condition(.status([.open])), Condition(.all([
                Condition(.unread(Comparison([(.atLeast, 2)]))), Condition(.assignee(.none)), Condition(.direction([.inbound])),
            ]))]))),
            Fixtures.rule("either", on: ["message.*"], if: Condition(.any([Condition(.status([.closed])), Condition(.unread(Comparison([(.lessThan, 1)])))]))),
            Fixtures.rule("assigned-pending", on: ["message.*"], if: Condition(.all([Condition(.assignee(.any)), Condition(.status([.pending, .closed])),
                                                                      Condition(.not(Condition(.direction([.outbound]))))]))),
            Fixtures.rule("contradiction", on: ["message.*"], if: Condition(.all([Condition(.status([.open])), Condition(.status([.closed]))]))),
        ]
        let ruleSet = Fixtures.compile(rules)
        var checked = 0
        for status in ConversationStatus.allCases {
            for unread in [0, 1, 2, 5] {
                for assignee in [nil, "sara@acme.sa"] {
                    for direction in [Direction.inbound, .outbound] {
                        var item = event()
                        item.conversation.status = status
                        item.conversation.unread = unread
                        item.conversation.assignee = assignee
                        item.message?.direction = direction
                        let decided = ruleSet.evaluate(item, at: item.time, history: FiringLedger()).decisions.map(\.ruleID)
                        let explained = ruleSet.explain(item, at: item.time, history: FiringLedger()).filter(\.outcome.decided).map(\.ruleID)
                        #expect(decided == explained, "\(status) unread \(unread) \(assignee ?? "unassigned") \(direction)")
                        checked += decided.count
                    }
                }
            }
        }
        #expect(checked > 10, "the rules do act on some of them")
    }

    /// A due timer is fired by the compiled program (`fire`) and explained by the trace
    /// (`explainTimer`): over every mix of wait, status, unread, assignee and history, both
    /// come to the same outcome.
    @Test func firingATimerDecidesWhatExplainingItSays() {
        func timed(_ id: String, _ kind: TimerTrigger.Kind, if condition: Condition, policy: FiringPolicy = FiringPolicy()) -> Rule {
            var rule = Fixtures.rule(id, if: condition, policy: policy)
            rule.triggers = [.timer(TimerTrigger(kind: kind, after: .minutes(5)), location: nil)]
            return rule
        }
        let rules = [
            timed("idle-open", .idle, if: Condition(.all([Condition(.status([.open])), Condition(.unread(Comparison([(.atLeast, 1)])))]))),
            timed("unassigned", .unassigned, if: .always, policy: FiringPolicy(once: true)),
            timed("assigned", .sinceAssigned, if: Condition(.not(Condition(.status([.closed]))))),
            timed("pending", .statusHeld(.pending), if: Condition(.any([Condition(.assignee(.none)), Condition(.unread(Comparison([(.lessThan, 2)])))]))),
            timed("shadowed", .customerSilent, if: Condition(.assignee(.any)), policy: FiringPolicy(shadow: true)),
        ]
        let ruleSet = Fixtures.compile(rules)
        let armed = event()
        let now = armed.time.addingTimeInterval(600)
        var outcomes: Set<String> = []
        for rule in rules {
            guard case .timer(let trigger, _)? = rule.triggers.first else { continue }
            let timer = TimerRecord(ruleID: rule.id, conversationID: armed.conversation.id, episode: "\(trigger.kind.keyword):x",
                                    dueAt: now, armedAt: armed.time, event: armed)
            for status in ConversationStatus.allCases {
                for unread in [0, 1, 3] {
                    for assignee in [nil, "sara@acme.sa"] {
                        for firedBefore in [false, true] {
                            var conversation = armed.conversation
                            conversation.status = status
                            conversation.unread = unread
                            conversation.assignee = assignee
                            var ledger = FiringLedger()
                            var unassigned = armed.conversation
                            unassigned.assignee = nil
                            if firedBefore, let firing = ruleSet.fire(timer, conversation: unassigned, at: now, history: ledger).decisions.first {
                                ledger.record(firing, at: armed.time)
                            }
                            let fired = ruleSet.fire(timer, conversation: conversation, at: now, history: ledger)
                            let verdict = ruleSet.explainTimer(timer, conversation: conversation, at: now, history: ledger)
                            let firedOutcome = !fired.decisions.isEmpty ? "acted" : !fired.suppressed.isEmpty ? "suppressed" : "nothing"
                            let explained = switch verdict?.outcome {
                            case .acted?, .shadow?: "acted"
                            case .suppressed?: "suppressed"
                            default: "nothing"
                            }
                            #expect(firedOutcome == explained, "\(rule.id) \(status) unread \(unread) \(assignee ?? "unassigned") fired before: \(firedBefore)")
                            #expect(fired.decisions.map(\.actions) == (verdict?.outcome.decided == true ? [verdict?.actions ?? []] : []))
                            outcomes.insert(firedOutcome)
                        }
                    }
                }
            }
        }
        #expect(outcomes == ["acted", "suppressed", "nothing"], "every outcome is met")
    }

    /// Actions whose rendering reads no event are rendered once, at compile time: for any
    /// event, what they give is what rendering from the event gives; the others are not.
    @Test func actionsRenderedOnceRenderAsFromEachEvent() {
        let actions: [Action.Kind] = [
            .tag(["vip"]), .untag(["new"]), .assign(.unassign), .assignTeam("billing"), .close, .reopen, .optOut, .optIn,
            .assign(.user(Fixtures.template("sara@acme.sa"))), .sendText(Fixtures.template("We are on it.")), .sendText(Fixtures.template("  ")),
            .assign(.user(Fixtures.template("{{conversation.assignee | sara@acme.sa}}"))), .sendText(Fixtures.template("Hi {{contact.name}}")),
        ]
        var quiet = event()
        quiet.conversation.contact.name = nil
        quiet.conversation.assignee = "omar@acme.sa"
        var perEvent: [Int] = []
        for (position, kind) in actions.enumerated() {
            let action = Action(kind)
            guard let once = action.renderedAlike(ruleID: "r") else {
                perEvent.append(position)
                continue
            }
            for item in [event(), quiet, event("other text")] { #expect(once == action.render(for: item, ruleID: "r"), "\(kind)") }
        }
        #expect(perEvent == [11, 12], "only the actions with placeholders are rendered per event")
    }

    /// Each case's bit is taken from its written-out ordinal: every ordinal is the case's
    /// position, so no two cases share a bit; the families are what the names say.
    @Test func everyCaseHasItsOwnBit() {
        func positions<T: CaseBit>(_ type: T.Type) -> Bool { T.allCases.enumerated().allSatisfy { $0.element.ordinal == $0.offset } }
        #expect(positions(EventType.self) && positions(ConversationStatus.self) && positions(Direction.self))
        #expect(positions(MessageType.self) && positions(DeliveryStatus.self) && positions(CallStatus.self))
        for type in EventType.allCases {
            #expect(type.carriesMessage == (type.family == "message") && type.carriesCall == (type.family == "call"), "\(type)")
        }
    }

    /// The text tests' byte searches against a plain search, on random texts over a small
    /// alphabet (so that partial matches abound), Arabic letters among them.
    @Test func textTestsFindWhatAPlainSearchFinds() {
        func plainContains(_ text: [UInt8], _ needle: [UInt8]) -> Bool {
            needle.isEmpty || (needle.count <= text.count && (0...(text.count - needle.count)).contains { Array(text[$0..<($0 + needle.count)]) == needle })
        }
        var random = SeededRandom(seed: 5)
        let letters = ["a", "b", "c", "ب", "ت"]
        func word(_ range: ClosedRange<Int>) -> String { (0..<Int.random(in: range, using: &random)).map { _ in letters.randomElement(using: &random) ?? "a" }.joined() }
        var found = 0
        for _ in 0..<3_000 {
            let body = word(1...12), needle = word(1...4)
            let text = Array(body.utf8), bytes = Array(needle.utf8)
            let item = event(body)
            let contains = plainContains(text, bytes)
            #expect(Fixtures.holds(.body(TextTest([.contains([needle])])), item) == contains, "\(body) contains \(needle)")
            #expect(Fixtures.holds(.body(TextTest([.startsWith([needle])])), item) == text.starts(with: bytes), "\(body) starts with \(needle)")
            #expect(Fixtures.holds(.body(TextTest([.endsWith([needle])])), item) == text.reversed().starts(with: bytes.reversed()), "\(body) ends with \(needle)")
            #expect(Fixtures.holds(.body(TextTest([.equals([needle])])), item) == (text == bytes), "\(body) equals \(needle)")
            if contains { found += 1 }
        }
        #expect(found > 500)
    }

    @Test func combinatorsNest() {
        let condition = Condition.Kind.all([
            Condition(.any([Condition(.status([.closed])), Condition(.tags(TagTest(includes: ["vip"])))])),
            Condition(.not(Condition(.body(TextTest([.contains(["cancel"])]))))),
        ])
        #expect(Fixtures.holds(condition, event()))
        #expect(!Fixtures.holds(condition, event("cancel my refund")))
        #expect(!Fixtures.holds(.any([]), event()))
        #expect(Fixtures.holds(.all([]), event()))
    }
}

@Suite struct FiringPolicyTests {
    let first = Fixtures.message(id: "e-1", at: "2026-03-17T12:00:00Z")
    let second = Fixtures.message(id: "e-2", at: "2026-03-17T12:30:00Z")
    let third = Fixtures.message(id: "e-3", at: "2026-03-17T13:30:00Z")

    func run(_ ruleSet: CompiledRuleSet, _ events: [Event]) -> [[String]] {
        var ledger = FiringLedger()
        return events.map { event in
            let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger)
            for decision in evaluation.decisions { ledger.record(decision, at: event.time) }
            return evaluation.decisions.map(\.ruleID)
        }
    }

    @Test func onceActsOncePerConversation() {
        let ruleSet = Fixtures.compile([Fixtures.rule("welcome", policy: FiringPolicy(once: true))])
        #expect(run(ruleSet, [first, second, third]) == [["welcome"], [], []])
        var otherConversation = second
        otherConversation.conversation.id = "c-2"
        #expect(run(ruleSet, [first, otherConversation]) == [["welcome"], ["welcome"]])
    }

    @Test func cooldownWaitsBeforeActingAgain() {
        let ruleSet = Fixtures.compile([Fixtures.rule("nudge", policy: FiringPolicy(cooldown: .hours(1)))])
        #expect(run(ruleSet, [first, second, third]) == [["nudge"], [], ["nudge"]])
        let evaluation = ruleSet.evaluate(second, at: second.time, history: {
            var ledger = FiringLedger()
            ledger.record(ruleSet.evaluate(first, at: first.time, history: ledger).decisions[0], at: first.time)
            return ledger
        }())
        #expect(evaluation.suppressed == [Suppression(ruleID: "nudge", reason: .cooldown(until: Fixtures.time("2026-03-17T13:00:00Z")))])
    }

    @Test func disabledRulesNeverRun() {
        let ruleSet = Fixtures.compile([Fixtures.rule("off", policy: FiringPolicy(enabled: false)), Fixtures.rule("on")])
        #expect(Fixtures.firing(ruleSet, first) == ["on"])
    }

    @Test func stopEndsEvaluationButShadowRulesNeverStopIt() {
        let ruleSet = Fixtures.compile([
            Fixtures.rule("shadow-stop", policy: FiringPolicy(shadow: true, stop: true)),
            Fixtures.rule("stopper", policy: FiringPolicy(stop: true)),
            Fixtures.rule("later"),
        ])
        let decisions = ruleSet.evaluate(first, at: first.time, history: FiringLedger()).decisions
        #expect(decisions.map(\.ruleID) == ["shadow-stop", "stopper"])
        #expect(decisions.map(\.shadow) == [true, false])
    }

    @Test func aSuppressedRuleDoesNotStopLaterRules() {
        let ruleSet = Fixtures.compile([
            Fixtures.rule("route", policy: FiringPolicy(once: true, stop: true)),
            Fixtures.rule("tagger"),
        ])
        #expect(run(ruleSet, [first, second]) == [["route"], ["tagger"]])
    }

    @Test func shadowDecisionsAreNotRecordedAsFirings() {
        let ruleSet = Fixtures.compile([Fixtures.rule("trial", policy: FiringPolicy(once: true, shadow: true))])
        #expect(run(ruleSet, [first, second]) == [["trial"], ["trial"]])
    }

    @Test func triggersSelectRulesByEventType() {
        let ruleSet = Fixtures.compile([
            Fixtures.rule("messages", on: ["message.*"]),
            Fixtures.rule("calls", on: ["call.missed"]),
            Fixtures.rule("everything", on: ["*"]),
        ])
        #expect(ruleSet.ruleIDs(triggeredBy: .messageSent) == ["messages", "everything"])
        #expect(ruleSet.ruleIDs(triggeredBy: .callMissed) == ["calls", "everything"])
        #expect(ruleSet.ruleIDs(triggeredBy: .conversationClosed) == ["everything"])
    }
}

@Suite struct DecisionTests {
    @Test func rendersActionsAndExplainsEveryCondition() throws {
        var event = Fixtures.message("Refund please")
        event.conversation.tags = ["vip"]
        event.conversation.contact = Contact(name: "John Doe")
        let condition = Condition(.all([
            Condition(.tags(TagTest(includes: ["vip"]))),
            Condition(.any([Condition(.body(TextTest([.contains(["refund"])]))), Condition(.unread(Comparison([(.atLeast, 5)])))])),
        ]))
        let template = WhatsAppTemplate(
            name: "refund_ack", language: "en", header: .image(Fixtures.template("https://cdn.example/r.png")),
            body: [Fixtures.template("{{contact.first_name}}"), Fixtures.template("{{conversation.id}}")],
            buttons: [TemplateButton(index: 0, kind: .url, value: Fixtures.template("{{conversation.id}}"))])
        let ruleSet = Fixtures.compile([Fixtures.rule("refund", if: condition, then: [
            .assign(.user(Fixtures.template("sara@acme.sa"))), .sendTemplate(template), .tag(["refund"]),
        ])])
        let decision = try #require(ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions.first)
        #expect(decision.actions.map(\.summary) == [
            "assign to sara@acme.sa", "send template refund_ack (en) with \"John\", \"c-1\"", "tag refund",
        ])
        guard case .success(.sendTemplate(let rendered)) = decision.actions[1].result else {
            Issue.record("template did not render")
            return
        }
        #expect(rendered.header == .image(url: "https://cdn.example/r.png"))
        #expect(rendered.buttons == [RenderedButton(index: 0, kind: .url, value: "c-1")])
        #expect(decision.explanation.lines() == [
            "✓ all of",
            "  ✓ tags include vip  (saw [vip])",
            "  ✓ any of",
            "    ✓ body contains 'refund'  (saw \"Refund please\")",
            "    ✗ unread at least 5  (saw 0)",
        ])
    }

    /// A decision keeps its rule's place, not the rule: each of several finds its own rule,
    /// and its actions are the rule's own list or, rendered for the event, its own.
    @Test func eachOfSeveralDecisionsFindsItsRuleAndItsActions() {
        var event = Fixtures.message("hello")
        event.conversation.contact = Contact(name: "Layla Hassan")
        let ruleSet = Fixtures.compile([
            Fixtures.rule("first", then: [.tag(["a"]), .sendText(Fixtures.template("Hi {{contact.first_name}}"))]),
            Fixtures.rule("skipped", if: Condition(.unread(Comparison([(.atLeast, 9)])))),
            Fixtures.rule("second", then: [.tag(["b"])], policy: FiringPolicy(cooldown: .hours(1))),
            Fixtures.rule("third", then: [.sendText(Fixtures.template("{{conversation.id}} for {{contact.name}}")), .close]),
        ])
        let evaluation = ruleSet.evaluate(event, at: event.time, history: FiringLedger())
        #expect(evaluation.decisions.map(\.ruleID) == ["first", "second", "third"])
        #expect(evaluation.decisions.map(\.ruleIndex) == [0, 2, 3])
        #expect(evaluation.decisions.map { $0.actions.map(\.summary) } == [
            ["tag a", "send text \"Hi Layla\""], ["tag b"], ["send text \"c-1 for Layla Hassan\"", "close"],
        ])
        #expect(evaluation.decisions.map(\.limitsFiring) == [false, true, false])

        // Recording the evaluation records each decision, as recording them one by one does.
        var whole = FiringLedger(), oneByOne = FiringLedger()
        whole.record(evaluation, at: event.time)
        for decision in evaluation.decisions { oneByOne.record(decision, at: event.time) }
        #expect(whole.lastFiring(rule: "second", scope: "c-1") == event.time)
        #expect(oneByOne.lastFiring(rule: "second", scope: "c-1") == event.time)
        #expect(whole.lastFiring(rule: "first", scope: "c-1") == nil)
    }

    /// The kinds rendered through their one template (a text, an assignee) read the rule's id
    /// and the event as every other kind does.
    @Test func textsAndAssigneesRenderedPerEventReadTheRuleAndTheEvent() {
        var event = Fixtures.message("hello")
        event.conversation.contact = Contact(name: "Layla", properties: ["owner": "omar@acme.sa"])
        let ruleSet = Fixtures.compile([Fixtures.rule("greet", then: [
            .sendText(Fixtures.template("{{rule.id}}: hi {{contact.first_name}}")),
            .assign(.user(Fixtures.template("{{contact.properties.owner}}"))),
            .assign(.user(Fixtures.template("{{contact.properties.missing}}"))),
        ])])
        let actions = ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions.first?.actions ?? []
        #expect(actions.map(\.summary) == [
            "send text \"greet: hi Layla\"", "assign to omar@acme.sa",
            "cannot render action 3: {{contact.properties.missing}} is empty for this event and has no fallback; write {{contact.properties.missing | something}}",
        ])
    }

    /// Planned actions are copied into every decision whose actions render per event: an
    /// action with a large payload must be boxed (`indirect`), or every copy moves its bytes.
    @Test func aPlannedActionStaysSmall() {
        #expect(MemoryLayout<RenderedAction>.size <= 17)
        #expect(MemoryLayout<PlannedAction>.stride <= 40)
    }

    @Test func anActionThatCannotRenderIsReportedNotDropped() throws {
        let ruleSet = Fixtures.compile([Fixtures.rule(then: [.sendText(Fixtures.template("Hi {{contact.name}}")), .tag(["x"])])])
        let decision = try #require(ruleSet.evaluate(Fixtures.message(), at: Date(), history: FiringLedger()).decisions.first)
        #expect(decision.actions.count == 2)
        guard case .failure(let error) = decision.actions[0].result else {
            Issue.record("rendered a greeting with no name")
            return
        }
        #expect(error.message.contains("{{contact.name}} is empty"))
        #expect(decision.actions[1].result == .success(.addTags(["x"])))
    }
}
