import Foundation
import Testing
@testable import InboxBotCore

@Suite struct BusinessCalendarTests {
    static let riyadh = CalendarDefinition(
        name: "riyadh", timeZone: "Asia/Riyadh",
        weekly: [0: [Shift(start: 540, end: 780), Shift(start: 960, end: 1260)], 2: [Shift(start: 540, end: 780), Shift(start: 960, end: 1260)]],
        holidays: [CivilDate(year: 2026, month: 3, day: 19)...CivilDate(year: 2026, month: 3, day: 22)])

    func isOpen(_ calendar: CalendarDefinition, _ time: String) throws -> Bool {
        try BusinessCalendar(calendar).isOpen(at: Fixtures.time(time))
    }

    @Test func splitShiftsInRiyadh() throws {
        // Tuesday 2026-03-17; Riyadh is UTC+3 all year.
        #expect(try isOpen(Self.riyadh, "2026-03-17T06:00:00Z"))      // 09:00 local, opening minute
        #expect(try !isOpen(Self.riyadh, "2026-03-17T05:59:00Z"))     // 08:59
        #expect(try !isOpen(Self.riyadh, "2026-03-17T12:00:00Z"))     // 15:00, the afternoon break
        #expect(try isOpen(Self.riyadh, "2026-03-17T17:59:00Z"))      // 20:59
        #expect(try !isOpen(Self.riyadh, "2026-03-17T18:00:00Z"))     // 21:00, closed
        #expect(try !isOpen(Self.riyadh, "2026-03-16T08:00:00Z"))     // Monday: no hours given
    }

    @Test func holidaysAreClosed() throws {
        #expect(try isOpen(Self.riyadh, "2026-03-15T07:00:00Z"))      // Sunday before Eid
        #expect(try !isOpen(Self.riyadh, "2026-03-22T07:00:00Z"))     // Sunday within the Eid range
    }

    @Test func daylightSavingChangesMoveTheLocalHours() throws {
        // New York moves from UTC-5 to UTC-4 on Sunday 2026-03-08.
        let newYork = CalendarDefinition(name: "ny", timeZone: "America/New_York", weekly: Dictionary(uniqueKeysWithValues: (0..<7).map { ($0, [Shift(start: 540, end: 1020)]) }))
        #expect(try isOpen(newYork, "2026-03-07T14:00:00Z"))   // 09:00 EST
        #expect(try !isOpen(newYork, "2026-03-07T13:59:00Z"))  // 08:59 EST
        #expect(try isOpen(newYork, "2026-03-09T13:00:00Z"))   // 09:00 EDT
        #expect(try !isOpen(newYork, "2026-03-09T12:59:00Z"))  // 08:59 EDT
        #expect(try !isOpen(newYork, "2026-03-09T21:00:00Z"))  // 17:00 EDT
        // The night of the change: 02:30 local does not exist, and nothing breaks.
        #expect(try !isOpen(newYork, "2026-03-08T07:30:00Z"))
    }

    func due(_ calendar: CalendarDefinition, after seconds: Int, from start: String) throws -> String? {
        try BusinessCalendar(calendar).date(afterBusinessSeconds: seconds, from: Fixtures.time(start)).map(Timestamp.format)
    }

    @Test func businessTimeCountsOnlyOpeningHours() throws {
        // Tuesday 12:00 local: an hour to the break, then from 16:00.
        #expect(try due(Self.riyadh, after: 7200, from: "2026-03-17T09:00:00Z") == "2026-03-17T14:00:00Z")
        // During the break, the count starts at 16:00.
        #expect(try due(Self.riyadh, after: 1800, from: "2026-03-17T11:00:00Z") == "2026-03-17T13:30:00Z")
        // Exactly at closing, it carries to the next open day (Wed has no hours here; Sunday the 22nd is Eid; Tuesday the 24th).
        #expect(try due(Self.riyadh, after: 60, from: "2026-03-17T18:00:00Z") == "2026-03-24T06:01:00Z")
        #expect(try due(Self.riyadh, after: 0, from: "2026-03-17T18:00:00Z") == "2026-03-17T18:00:00Z")
        let never = CalendarDefinition(name: "never", timeZone: "UTC", weekly: [:])
        #expect(try due(never, after: 60, from: "2026-03-17T18:00:00Z") == nil)
    }

    @Test func businessTimeAcrossADaylightSavingChange() throws {
        // London, 09:00-17:00 on weekdays; the clocks go forward on Sunday 2026-03-29.
        let london = CalendarDefinition(name: "london", timeZone: "Europe/London",
                                        weekly: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, [Shift(start: 540, end: 1020)]) }))
        // Friday 16:00 GMT plus two business hours: one on Friday, one from Monday 09:00 BST (08:00Z).
        #expect(try due(london, after: 7200, from: "2026-03-27T16:00:00Z") == "2026-03-30T09:00:00Z")
        // A full business day on each side of the change is eight hours, not seven or nine.
        #expect(try due(london, after: 8 * 3600, from: "2026-03-27T09:00:00Z") == "2026-03-27T17:00:00Z")
        #expect(try due(london, after: 8 * 3600, from: "2026-03-30T08:00:00Z") == "2026-03-30T16:00:00Z")
        // And back in October (Sunday 2026-10-25): Friday 16:00 BST (15:00Z) plus two hours ends Monday 10:00 GMT.
        #expect(try due(london, after: 7200, from: "2026-10-23T15:00:00Z") == "2026-10-26T10:00:00Z")
    }

    @Test func unknownTimeZoneIsAnError() {
        let bad = CalendarDefinition(name: "x", timeZone: "Asia/Riyad", weekly: [:])
        #expect(throws: RuleValueError.self) { try BusinessCalendar(bad) }
    }

    @Test func withinAndOutsideAsConditions() {
        let event = Fixtures.message(at: "2026-03-17T12:00:00Z")
        #expect(Fixtures.holds(.outside(calendar: "riyadh"), event, calendars: [Self.riyadh]))
        #expect(!Fixtures.holds(.within(calendar: "riyadh"), event, calendars: [Self.riyadh]))
    }
}

@Suite struct RuleCompilerTests {
    func diagnostics(_ rules: [Rule], calendars: [CalendarDefinition] = []) -> [String] {
        RuleCompiler.compile(RuleSet(rules: rules, calendars: calendars)).diagnostics.map(\.message)
    }

    @Test func anEmptyRuleSetIsAnError() {
        let output = RuleCompiler.compile(RuleSet())
        #expect(output.ruleSet == nil)
        #expect(output.diagnostics.map(\.message) == ["the rule set is empty; add a rule under 'rules:' (see docs/rules.md)"])
    }

    @Test func duplicateIDsAreErrors() {
        var first = Fixtures.rule("same")
        first.location = SourceLocation(file: "a.yaml", line: 3, column: 5)
        var second = Fixtures.rule("same")
        second.location = SourceLocation(file: "b.yaml", line: 7, column: 5)
        let output = RuleCompiler.compile(RuleSet(rules: [first, second]))
        #expect(output.ruleSet == nil)
        #expect(output.diagnostics.map(\.description) == [
            "b.yaml:7:5: error: duplicate rule id 'same' (first defined at a.yaml:3:5); give each rule its own id",
        ])
    }

    @Test func undefinedCalendarsAndBadRegexesAreErrors() {
        let messages = diagnostics([
            Fixtures.rule("a", if: Condition(.within(calendar: "riyadh-ofice"))),
            Fixtures.rule("b", if: Condition(.body(TextTest([.matches("(refund", location: nil)])))),
        ], calendars: [BusinessCalendarTests.riyadh, CalendarDefinition(name: "riyadh-office", timeZone: "Asia/Riyadh", weekly: [:])])
        #expect(messages.contains { $0.hasPrefix("unknown calendar 'riyadh-ofice'; did you mean 'riyadh-office'?") })
        #expect(messages.contains("invalid regular expression /(refund/: a '(' is never closed; check brackets, parentheses and escapes"))
    }

    @Test func warnsAboutConditionsThatCanNeverHold() {
        let messages = diagnostics([
            Fixtures.rule("a", if: Condition(.all([Condition(.status([.open])), Condition(.status([.closed]))]))),
            Fixtures.rule("b", if: Condition(.all([Condition(.tags(TagTest(includes: ["vip"]))), Condition(.tags(TagTest(noneOf: ["VIP"])))]))),
            Fixtures.rule("c", if: Condition(.all([Condition(.unread(Comparison([(.atLeast, 5)]))), Condition(.unread(Comparison([(.lessThan, 2)])))]))),
            Fixtures.rule("d", on: ["call.missed"], if: Condition(.body(TextTest([.contains(["x"])])))),
            Fixtures.rule("e", if: Condition(.all([Condition(.assignee(.none)), Condition(.assignee(.oneOf(["sara"])))]))),
            Fixtures.rule("ok", if: Condition(.any([Condition(.status([.open])), Condition(.status([.closed]))]))),
        ])
        #expect(messages.contains("rule 'a' can never match: status cannot be two things at once"))
        #expect(messages.contains("rule 'b' can never match: tag 'vip' is both required and excluded"))
        #expect(messages.contains("rule 'c' can never match: no unread count passes these comparisons"))
        #expect(messages.contains("rule 'd' can never match: 'body contains 'x'' needs a message, but the rule is triggered only by events without one"))
        #expect(messages.contains("rule 'e' can never match: assignee cannot be none and someone at once"))
        #expect(!messages.contains { $0.contains("'ok'") })
    }

    @Test func warnsAboutConflictingActions() {
        let messages = diagnostics([
            Fixtures.rule("a", then: [.tag(["vip"]), .untag(["vip"])]),
            Fixtures.rule("b", then: [.assign(.user(Fixtures.template("sara"))), .assign(.unassign)]),
        ])
        #expect(messages.contains("rule 'a' both tags and untags 'vip'; the later action undoes the earlier"))
        #expect(messages.contains("rule 'b' changes the assignee twice (assign, then unassign); only the last one sticks"))
    }

    @Test func warnsAboutPlaceholdersThatMayRenderEmpty() {
        let messages = diagnostics([Fixtures.rule(then: [.sendText(Fixtures.template("Hi {{contact.name}}, re {{conversation.id}}"))])])
        #expect(messages == ["{{contact.name}} can be empty on some events, and the action is then not carried out; give a fallback: {{contact.name | …}}"])
    }
}

@Suite struct GuaranteedFieldTests {
    @Test func aConditionThatRequiresAFieldSilencesItsPlaceholderWarning() {
        let greet = Action.Kind.sendText(Fixtures.template("Hi {{contact.first_name}} {{contact.properties.tier}}"))
        let guarded = Condition(.all([
            Condition(.contactName(TextTest([.startsWith(["a"])]))),
            Condition(.contactProperty(name: "tier", TextTest([.equals(["gold"])]))),
        ]))
        #expect(RuleCompiler.compile(RuleSet(rules: [Fixtures.rule(if: guarded, then: [greet])])).diagnostics.isEmpty)
        // A test for absence, or one inside `any`, guarantees nothing.
        let unguarded = Condition(.any([Condition(.contactName(TextTest([.isSet(true)]))), Condition(.status([.open]))]))
        let messages = RuleCompiler.compile(RuleSet(rules: [Fixtures.rule(if: unguarded, then: [greet])])).diagnostics.map(\.message)
        #expect(messages.count == 2)
    }

    @Test func triggersImplyTheirParts() {
        let rule = Fixtures.rule(on: ["call.*"], then: [.sendText(Fixtures.template("Your {{call.status}} call"))])
        #expect(RuleCompiler.compile(RuleSet(rules: [rule])).diagnostics.isEmpty)
    }
}

@Suite struct CalendarDescriptionTests {
    @Test func explanationsShowLocalTime() throws {
        let calendar = try BusinessCalendar(BusinessCalendarTests.riyadh)
        #expect(calendar.describe(Fixtures.time("2026-03-17T12:00:00Z")) == "Tue 2026-03-17 15:00 Asia/Riyadh (closed)")
        #expect(calendar.describe(Fixtures.time("2026-03-17T06:30:00Z")) == "Tue 2026-03-17 09:30 Asia/Riyadh (open)")
    }
}
