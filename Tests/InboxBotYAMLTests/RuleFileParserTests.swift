import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// Every error a support lead can make gets its exact line and column.
@Suite struct RuleFileParserTests {
    func problems(_ yaml: String) -> [String] {
        RuleLoader.load(text: yaml, file: "r.yaml").diagnostics.map(\.description)
    }

    @Test func acceptsAValidFile() {
        let result = RuleLoader.load(text: """
            rules:
              - id: vip
                on: message.received
                if: { tags: vip }
                then:
                  - assign: sara@acme.sa
            """, file: "r.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.ruleSet?.ruleCount == 1)
    }

    @Test func yamlSyntaxErrorsHaveTheirPosition() {
        let lines = problems("""
            rules:
              - id: a
                on: message.received
                then: [ { tag: x }
            """)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("r.yaml:5:1: error: YAML syntax error:"))
        #expect(problems("rules:\n  - id: a\n\ton: x\n").first?.hasPrefix("r.yaml:3:1: error: YAML syntax error:") == true)
    }

    /// A calendar with a bad shift is one error at the shift; the rules naming it are not
    /// also told it is unknown, and other errors in the file are still reported.
    @Test func aBrokenCalendarIsReportedOnceAndOtherErrorsStillShow() {
        #expect(problems("""
            calendars:
              office:
                timezone: Asia/Riyadh
                hours: { sun-thu: "09:00-25:00" }
            rules:
              - id: a
                on: message.received
                if: { within: office }
                then: [ { tag: x } ]
              - id: b
                on: message.received
                then: [ { tagg: y } ]
            """) == [
            "r.yaml:4:23: error: invalid shift '09:00-25:00'; write it as HH:MM-HH:MM, as in 09:00-17:30",
            "r.yaml:12:15: error: unknown action 'tagg'; did you mean 'tag'? (actions: \(Action.keywords.joined(separator: ", ")))",
        ])
    }

    @Test func unknownKeysGetADidYouMeanHint() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                iff: { status: open }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:5: error: unknown key 'iff' in a rule; did you mean 'if'?"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                if: { tgas: vip }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:11: error: unknown condition 'tgas'; did you mean 'tags'?"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                then:
                  - tags: x
            """) == ["r.yaml:5:9: error: unknown action 'tags'; did you mean 'tag'? (actions: assign, unassign, assign_team, tag, untag, send_text, send_template, create_conversation, run_flow, close, reopen, set_contact_property, call, opt_out, opt_in)"])
        #expect(problems("rulez: []") == ["r.yaml:1:1: error: unknown key 'rulez' in a rule file; did you mean 'rules'?"])
    }

    @Test func wrongTypesAreNamed() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                once: sometimes
                then: [ { tag: x } ]
            """) == ["r.yaml:4:11: error: once must be true or false, not 'sometimes'"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                if: { unread: { at_least: many } }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:31: error: 'many' is not a whole number of zero or more"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                then: { tag: x }
            """) == ["r.yaml:4:11: error: 'then' must be a list of actions, each starting with '- ', as in '- tag: vip'"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                if: { status: opened }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:19: error: unknown status 'opened'; did you mean 'open'? (allowed: open, pending, closed)"])
    }

    @Test func badRegexesDurationsAndTimeZones() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                if: { body: { matches: "(refund" } }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:28: error: invalid regular expression /(refund/: a '(' is never closed; check brackets, parentheses and escapes"])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                cooldown: 30 minutes
                then: [ { tag: x } ]
            """) == ["r.yaml:4:15: error: invalid duration '30 minutes': unknown unit ' '; use s, m, h, d or w, as in 30m or 1h30m"])
        #expect(problems("""
            calendars:
              office: { timezone: Asia/Riyad, hours: { sun: "09:00-17:00" } }
            rules:
              - id: a
                on: message.received
                if: { within: office }
                then: [ { tag: x } ]
            """) == ["r.yaml:2:23: error: unknown time zone 'Asia/Riyad'; did you mean 'Asia/Riyadh'?"])
    }

    @Test func overflowingDurationsAreErrorsNotTraps() {
        for duration in ["999999999w", "9223372036854775807s", "520w520w", "99999999999999999999m"] {
            #expect(problems("""
                rules:
                  - id: a
                    on: message.received
                    cooldown: \(duration)
                    then: [ { tag: x } ]
                """) == ["r.yaml:4:15: error: duration '\(duration)' is too long: the longest allowed is 521w3d (ten years)"])
        }
    }

    @Test func undefinedCalendarsAreErrors() {
        #expect(problems("""
            calendars:
              riyadh-office: { timezone: Asia/Riyadh, hours: { sun-thu: "09:00-17:00" } }
            rules:
              - id: a
                on: message.received
                if: { outside: riyadh-ofice }
                then: [ { tag: x } ]
            """) == ["r.yaml:6:11: error: unknown calendar 'riyadh-ofice'; did you mean 'riyadh-office'? (defined: riyadh-office)"])
    }

    @Test func placeholdersThatNameNoFieldPointAtThePlaceholder() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                then:
                  - send_text: "Hello {{contact.nme}}, thanks"
            """) == ["r.yaml:5:27: error: 'contact.nme' names no event field; did you mean 'contact.name'?"])
    }

    @Test func emptyParametersAreRefused() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                then:
                  - send_template: { name: t, language: ar, body: ["{{contact.name | x}}", ""] }
            """) == ["r.yaml:5:80: error: a body parameter is empty; an empty parameter is never sent"])
    }

    /// `run_flow` by id alone or with variables and priority; each mistake at its position.
    @Test func flowRunsParseAndTheirMistakesArePlaced() throws {
        let loaded = RuleLoader.load(text: """
            rules:
              - id: a
                on: message.received
                then:
                  - run_flow: 5f0c1a2b
                  - run_flow: { flow: 7a8b9c0d, variables: { Pedido: "{{message.body | sin texto}}" }, priority: true }
            """, file: "r.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let event = Event(id: "e1", type: .messageReceived, time: Date(), conversation: ConversationSnapshot(id: "c1"),
                          message: Message(direction: .inbound, body: "¿Y mi pedido?"))
        let decision = try #require(loaded.ruleSet?.evaluate(event, at: event.time, history: FiringLedger(), fromBot: false).decisions.first)
        #expect(try decision.actions.map { try $0.result.get() } == [.runFlow(RenderedFlowRun(flow: "5f0c1a2b")),
                                                                       .runFlow(RenderedFlowRun(flow: "7a8b9c0d", variables: ["Pedido": "¿Y mi pedido?"], priority: true))])
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                then:
                  - run_flow: { variables: { a: b } }
                  - run_flow: { flow: x, priority: maybe }
                  - run_flow: { flow: x, variables: { a: "" } }
                  - run_flow: { flow: x, flows: y }
            """) == [
                "r.yaml:5:19: error: run_flow needs 'flow', the flow's id (in Hilos: the flow's page address ends with it)",
                "r.yaml:6:40: error: run_flow.priority must be true or false, not 'maybe'",
                "r.yaml:7:46: error: run_flow.variables.a is empty; an empty parameter is never sent",
                "r.yaml:8:30: error: unknown key 'flows' in run_flow; did you mean 'flow'?",
            ])
    }

    @Test func anEmptyRuleSetIsAnError() {
        #expect(problems("rules: []") == [
            "r.yaml:1:1: warning: 'rules' is an empty list",
            "r.yaml:1:1: error: the rule set is empty; add a rule under 'rules:' (see docs/rules.md)",
        ])
        #expect(problems("") == [
            "r.yaml:1:1: warning: the file is empty; it adds no rules",
            "r.yaml:1:1: error: the rule set is empty; add a rule under 'rules:' (see docs/rules.md)",
        ])
    }

    @Test func missingPartsOfARule() {
        #expect(problems("rules:\n  - id: a\n") == [
            "r.yaml:2:5: error: rule 'a' needs 'on:', the events that trigger it, such as 'on: message.received'",
            "r.yaml:2:5: error: rule 'a' needs 'then:', the actions it takes, such as '- tag: vip'",
        ])
        #expect(problems("rules:\n  - on: message.received\n    then: [ { tag: x } ]\n") == ["r.yaml:2:5: error: a rule needs an 'id', such as 'id: vip-routing'"])
        #expect(problems("rules:\n  - id: Bad Id!\n    on: message.received\n    then: [ { tag: x } ]\n") == [
            "r.yaml:2:9: error: rule id 'Bad Id!' may hold only letters, digits, '-', '_' and '.'; try 'bad-id'",
        ])
    }

    @Test func duplicateKeysAreReported() {
        let lines = problems("rules:\n  - id: a\n    id: b\n    on: message.received\n    then: [ { tag: x } ]\n")
        #expect(lines.count == 1)
        #expect(lines[0].contains("duplicate key 'id'"))
    }

    @Test func warningsForContradictionsAndConflicts() {
        let lines = problems("""
            rules:
              - id: a
                on: message.received
                if:
                  - assignee: none
                  - assignee: sara@acme.sa
                then:
                  - tag: vip
                  - untag: vip
            """)
        #expect(lines == [
            "r.yaml:6:9: warning: rule 'a' can never match: assignee cannot be none and someone at once",
            "r.yaml:9:9: warning: rule 'a' both tags and untags 'vip'; the later action undoes the earlier",
        ])
    }

    @Test func bodyNeedsAnOperatorSoItCannotBeMisread() {
        #expect(problems("""
            rules:
              - id: a
                on: message.received
                if: { body: refund }
                then: [ { tag: x } ]
            """) == ["r.yaml:4:17: error: body needs an operator, as in 'body: { contains: refund }'; use contains, words, equals, starts_with, ends_with, matches or is_set"])
    }

    @Test func timerTriggersParse() throws {
        let result = RuleLoader.load(text: """
            calendars:
              office: { timezone: Asia/Riyadh, hours: { sun-thu: "09:00-17:00" } }
            rules:
              - id: sla
                on:
                  - idle: 30m
                  - idle: { after: 2h, calendar: office }
                  - status_held: { status: open, after: 1d }
                  - unassigned_for: 10m
                then: [ { tag: late } ]
            """, file: "r.yaml")
        #expect(result.diagnostics.isEmpty)
        let rule = try #require(result.ruleSet?.source.rules.first)
        let timers = rule.triggers.compactMap { trigger -> TimerTrigger? in
            if case .timer(let timer, _) = trigger { return timer }
            return nil
        }
        #expect(timers == [
            TimerTrigger(kind: .idle, after: .minutes(30)),
            TimerTrigger(kind: .idle, after: .hours(2), calendar: "office"),
            TimerTrigger(kind: .statusHeld(.open), after: .hours(24)),
            TimerTrigger(kind: .unassigned, after: .minutes(10)),
        ])
        #expect(problems("rules:\n  - id: a\n    on: [ { idle: 0m } ]\n    then: [ { tag: x } ]\n") == [
            "r.yaml:3:19: error: timer 'idle' needs a duration longer than zero",
        ])
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let deep = "rules: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(problems(deep).first?.contains("nests too deeply") == true)
    }

    /// A hostile file costs little: its size and line length are bounded before YAML is read,
    /// and a value it quotes back is cut to an excerpt.
    @Test func hugeFilesLinesAndValuesAreBoundedWithClearErrors() {
        let big = "rules:\n" + String(repeating: "  # padding padding padding padding padding padding padding padding\n", count: 16_000)
        #expect(problems(big) == ["r.yaml:1:1: error: the file is \(big.utf8.count) bytes, over the limit of 1048576 (1 MiB); split it into several files"])
        let long = "rules:\n  - id: a\n    on: message.received\n    if: { body: { contains: " + String(repeating: "x", count: 20_000) + " } }\n    then: [ { tag: x } ]\n"
        #expect(problems(long) == ["r.yaml:4:1: error: line 4 is longer than 16384 characters; break the value over several lines with a YAML block (| or >)"])
        let zone = String(repeating: "A", count: 16_000)
        let lines = problems("calendars:\n  office: { timezone: \(zone), hours: { sun: \"09:00-17:00\" } }\nrules:\n  - id: a\n    on: message.received\n    if: { within: office }\n    then: [ { tag: x } ]\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("r.yaml:2:23: error: unknown time zone 'AAAA") == true)
        #expect(lines.first?.contains("… (15800 more characters)'; use an IANA name such as Asia/Riyadh") == true)
        #expect((lines.first?.count ?? .max) < 400, "the value is not echoed whole")
    }

    @Test func aFileWithThousandsOfMistakesShowsTheFirst200AndCountsTheRest() {
        let yaml = "rules:\n  - id: a\n    on: message.received\n    then: [ { tag: x } ]\n" + (0..<5_000).map { "    thn\($0): 1\n" }.joined()
        let lines = problems(yaml)
        #expect(lines.count == 201)
        #expect(lines.first?.hasPrefix("r.yaml:5:5: error: unknown key 'thn0' in a rule") == true)
        #expect(lines.last == "r.yaml:204:5: error: 4800 more problems in this file are not shown; fix the ones above first")
    }

    /// The count of problems past the limit is an error only when one of them is.
    @Test func problemsPastTheLimitKeepTheirSeverityInTheCount() {
        var warnings = YAMLReader(file: "r.yaml")
        for _ in 0..<250 { warnings.warning("a warning", nil) }
        #expect(warnings.allDiagnostics.count == 201)
        #expect(!warnings.allDiagnostics.hasErrors, "a file of many warnings still passes")
        var mixed = YAMLReader(file: "r.yaml")
        for index in 0..<250 { if index == 240 { mixed.error("an error", nil) } else { mixed.warning("a warning", nil) } }
        #expect(mixed.allDiagnostics.last?.severity == .error)
    }

    @Test func aliasBombsAreCutOff() {
        // Ten levels of ten aliases each would expand to 10^10 conditions.
        var yaml = "rules:\n  - id: a\n    on: message.received\n    if:\n      any:\n"
        yaml += "        - &a0 { any: [" + Array(repeating: "{ status: open }", count: 10).joined(separator: ", ") + "] }\n"
        for level in 1..<10 {
            yaml += "        - &a\(level) { any: [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "] }\n"
        }
        yaml += "    then: [ { tag: x } ]\n"
        let lines = problems(yaml)
        #expect(lines.contains { $0.contains("expands to more than 200000 values") })
    }
}
