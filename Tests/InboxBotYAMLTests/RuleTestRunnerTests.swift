import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

@Suite struct RuleTestRunnerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `explain` shows its working; what it says acted must be exactly what `evaluate` decides.
    @Test func explainAgreesWithEvaluateOnEveryRecordedEvent() throws {
        let ruleSet = try #require(RuleLoader.load([Self.repository.appendingPathComponent("rules").path]).ruleSet)
        var events: [Event] = []
        for file in ["examples/events.jsonl", "Tests/InboxBotCLITests/Fixtures/mixed.jsonl"] {
            let text = try String(contentsOf: Self.repository.appendingPathComponent(file), encoding: .utf8)
            events += text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Event.self, from: Data($0.utf8)) }
        }
        #expect(events.count > 10)
        var ledger = FiringLedger()
        for event in events {
            for fromBot in [false, true] {
                let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: fromBot)
                let verdicts = ruleSet.explain(event, at: event.time, history: ledger, fromBot: fromBot)
                #expect(verdicts.count == ruleSet.ruleCount)
                #expect(verdicts.filter(\.outcome.decided).map(\.ruleID) == evaluation.decisions.map(\.ruleID), "\(event.id)")
                let suppressed = verdicts.filter { if case .suppressed = $0.outcome { true } else { false } }.map(\.ruleID)
                #expect(suppressed == evaluation.suppressed.map(\.ruleID), "\(event.id)")
            }
            for decision in ruleSet.evaluate(event, at: event.time, history: ledger).decisions { ledger.record(decision, at: event.time) }
        }
    }

    static func run(rules: String, test: String) throws -> RuleTestResult {
        let ruleSet = try #require(RuleLoader.load(text: rules, file: "rules.yaml").ruleSet)
        let (file, diagnostics) = RuleTestFileParser.parse(test, file: "rules.test.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let parsed = try #require(file.tests.first)
        return RuleTestRunner(ruleSet: ruleSet).run(parsed)
    }

    @Test func theRulesOwnActionsChangeWhatLaterEventsSee() throws {
        let result = try Self.run(rules: """
            rules:
              - id: first-contact
                on: message.received
                if: { tags: { none_of: [welcomed] } }
                then:
                  - tag: welcomed
                  - send_text: Welcome!
              - id: count-sends
                on: message.sent
                then: [ { tag: replied } ]
                own_messages: true
              - id: agent-reply
                on: message.sent
                if: { assignee: any }
                then: [ { untag: waiting } ]
              - id: closed-with-tag
                on: conversation.closed
                if: { tags: vip }
                then: [ { tag: vip-closed } ]
            """, test: """
            tests:
              - name: the story
                start: 2026-03-17T07:00:00Z
                events:
                  - inbound: hi
                  - at: +1m
                    inbound: hello again          # welcomed already: nothing
                  - at: +2m
                    assigned: sara@acme.sa
                  - at: +3m
                    outbound: On it
                    by: sara@acme.sa
                  - at: +4m
                    tagged: [vip]
                  - at: +5m
                    closed: true
                  - at: +6m
                    event: { type: message.received, message: { direction: inbound, type: image } }
                expect:
                  - at: +0m
                    rule: first-contact
                    actions: [ { tag: welcomed }, { send_text: Welcome! } ]
                  - at: +0m
                    rule: count-sends
                    actions: [ { tag: replied } ]
                  - at: +3m
                    rule: count-sends
                    actions: [ { tag: replied } ]
                  - at: +3m
                    rule: agent-reply
                    actions: [ { untag: waiting } ]
                  - at: +5m
                    rule: closed-with-tag
                    actions: [ { tag: vip-closed } ]
            """)
        #expect(result.passed, "\(result.diff)\n\(result.explanation.joined(separator: "\n"))")
        #expect(result.taken.map(\.line) == [
            "+0s first-contact: tag welcomed; send text \"Welcome!\"",
            "+0s count-sends: tag replied",
            "+3m count-sends: tag replied",
            "+3m agent-reply: untag waiting",
            "+5m closed-with-tag: tag vip-closed",
        ])
    }

    /// A test can say whom a pool assignment picks (the test's own turn), and the taken
    /// line shows the pick; the pool itself still matches too.
    @Test func aRoundRobinPickCanBeExpected() throws {
        let rules = """
            rules:
              - id: share
                on: message.received
                then:
                  - assign: { round_robin: [omar@acme.sa, lina@acme.sa] }
            """
        let result = try Self.run(rules: rules, test: """
            tests:
              - name: turns
                start: 2026-03-17T07:00:00Z
                events:
                  - inbound: hi
                  - at: +1m
                    inbound: again
                  - at: +2m
                    inbound: and again
                expect:
                  - at: +0m
                    actions: [ { assign: omar@acme.sa } ]
                  - at: +1m
                    actions: [ { assign: lina@acme.sa } ]
                  - at: +2m
                    actions: [ { assign: { round_robin: [omar@acme.sa, lina@acme.sa] } } ]
            """)
        #expect(result.passed, "\(result.diff)")
        #expect(result.taken.map(\.line) == [
            "+0s share: assign round robin over omar@acme.sa, lina@acme.sa (picked omar@acme.sa)",
            "+1m share: assign round robin over omar@acme.sa, lina@acme.sa (picked lina@acme.sa)",
            "+2m share: assign round robin over omar@acme.sa, lina@acme.sa (picked omar@acme.sa)",
        ])
        let wrong = try Self.run(rules: rules, test: """
            tests:
              - name: wrong pick
                start: 2026-03-17T07:00:00Z
                events: [ { inbound: hi } ]
                expect:
                  - actions: [ { assign: lina@acme.sa } ]
            """)
        #expect(!wrong.passed)
    }

    /// A contact with no name, left out or empty, gets the template's fallback.
    @Test func aTestContactMayHaveNoName() throws {
        let rules = """
            rules:
              - id: greet
                on: message.received
                then: [ { send_text: "Hi {{contact.first_name | there}}" } ]
            """
        for contact in [#"{ phone: "+966500000002" }"#, #"{ name: "", phone: "+966500000002" }"#] {
            let result = try Self.run(rules: rules, test: """
                tests:
                  - name: nameless
                    start: 2026-03-17T07:00:00Z
                    conversation: { contact: \(contact) }
                    events: [ { inbound: hi } ]
                    expect:
                      - rule: greet
                        actions: [ { send_text: "Hi there" } ]
                """)
            #expect(result.passed, "\(contact): \(result.diff)")
        }
    }

    @Test func aLoopingRuleIsCutOff() throws {
        let result = try Self.run(rules: """
            rules:
              - id: echo
                on: message.*
                then: [ { send_text: again } ]
                own_messages: true
            """, test: """
            tests:
              - name: loop
                start: 2026-03-17T07:00:00Z
                events:
                  - inbound: hi
                expect_no_actions: true
            """)
        #expect(!result.passed)
        #expect(result.unexpected.count == RuleTestRunner.echoDepthLimit + 1, "it stops, and shows the loop")
    }

    @Test func theFullEventFormIsCheckedLikeReplayLines() throws {
        let (_, diagnostics) = RuleTestFileParser.parse("""
            tests:
              - name: bad event
                start: 2026-03-17T07:00:00Z
                events:
                  - event: { type: message.recieved }
                expect_no_actions: true
            """, file: "t.test.yaml")
        let message = try #require(diagnostics.first?.description)
        #expect(message.hasPrefix("t.test.yaml:5:16: error: unknown event type 'message.recieved'; did you mean 'message.received'?"), "\(message)")
        #expect(message.contains("message.received"), "with a did-you-mean: \(message)")
    }

    /// What a first test file looks like when written by hand: one start and zone for the
    /// whole file, and "this rule acts" without spelling out its actions.
    @Test func aFileMayGiveEveryTestItsStartAndARuleMayJustAct() throws {
        let rules = """
            calendars:
              office: { timezone: Asia/Riyadh, hours: { mon-fri: "09:00-17:00" } }
            rules:
              - id: invoice-help
                on: message.received
                if: { body: { words: [invoice] }, within: office }
                then: [ { tag: billing }, { send_text: "Invoices are at acme.sa/invoices" } ]
            """
        let ruleSet = try #require(RuleLoader.load(text: rules, file: "rules.yaml").ruleSet)
        let (file, diagnostics) = RuleTestFileParser.parse("""
            timezone: Asia/Riyadh
            start: 2026-03-17 10:00
            tests:
              - name: asks for an invoice
                events: [ { inbound: Where is my invoice? } ]
                expect: [ { rule: invoice-help } ]
              - name: its own start, in the file's zone
                start: 2026-03-17 20:00
                events: [ { inbound: Where is my invoice? } ]
                expect_no_actions: true
              - name: a rule that does not act
                events: [ { inbound: Where is my parcel? } ]
                expect: [ { rule: invoice-help } ]
            """, file: "t.test.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let results = file.tests.map { RuleTestRunner(ruleSet: ruleSet).run($0) }
        #expect(results.map(\.passed) == [true, true, false], "\(results.map(\.diff))")
        #expect(results.last?.missing.map(\.line) == ["any time invoice-help: acts (any actions)"])
    }

    /// The mistakes a first test file makes, each said once, with what to write instead.
    @Test func aFirstTestFilesMistakesSayWhatToWrite() throws {
        let (_, diagnostics) = RuleTestFileParser.parse("""
            start: soon
            tests:
              - name: a
                expect_no_actions: true
              - name: b
                expect_no_actions: true
            """, file: "t.test.yaml")
        #expect(diagnostics.map(\.description) == [
            "t.test.yaml:1:8: error: 'start' must be a date and time such as 2026-03-17 10:00 (in the test's timezone) or 2026-03-17T07:00:00Z, not 'soon'",
        ], "one error for the file's start, not one per test")
        let (_, message) = RuleTestFileParser.parse("""
            start: 2026-03-17 10:00
            tests:
              - name: a
                events: [ { message: hi } ]
                expect: [ { at: +0m } ]
            """, file: "t.test.yaml")
        #expect(message.map(\.description) == [
            "t.test.yaml:4:17: error: unknown key 'message' in an event; a customer's message is 'inbound: TEXT', an agent's reply 'outbound: TEXT'",
        ])
        let (_, actions) = RuleTestFileParser.parse("start: 2026-03-17 10:00\ntests:\n  - name: a\n    events: [ { inbound: hi } ]\n    expect: [ { at: +0m } ]\n", file: "t.test.yaml")
        #expect(actions.map(\.description) == [
            "t.test.yaml:5:15: error: an expected action needs 'rule:', 'actions:' (written as in a rule's 'then:', such as '- tag: refund') or both",
        ])
        let (_, missing) = RuleTestFileParser.parse("tests:\n  - name: a\n    events: [ { inbound: hi } ]\n    expect: [ { at: +0m } ]\n", file: "t.test.yaml")
        #expect(missing.map(\.description) == [
            "t.test.yaml:2:11: error: test 'a' needs 'start', when its clock starts, such as 'start: 2026-03-17 10:00' (in its timezone); or give 'start:' and 'timezone:' once, beside 'tests:', for every test in the file",
        ])
    }

    @Test func startIsReadInTheTestsTimeZone() throws {
        let riyadh = try #require(TimeZone(identifier: "Asia/Riyadh"))
        #expect(RuleTestFileParser.time("2026-03-17 10:00", in: riyadh) == Timestamp.parse("2026-03-17T07:00:00Z"))
        #expect(RuleTestFileParser.time("2026-03-17T10:00:30", in: riyadh) == Timestamp.parse("2026-03-17T07:00:30Z"))
        #expect(RuleTestFileParser.time("2026-03-17T10:00:00+01:00", in: riyadh) == Timestamp.parse("2026-03-17T09:00:00Z"))
        #expect(RuleTestFileParser.time("2026-02-30 10:00", in: riyadh) == nil)
        #expect(RuleTestFileParser.time("tomorrow", in: riyadh) == nil)
    }
}
