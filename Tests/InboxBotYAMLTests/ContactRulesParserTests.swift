import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// The keys of opt-outs, scopes, send limits and the WhatsApp window, and their mistakes.
@Suite struct ContactRulesParserTests {
    func problems(_ yaml: String) -> [String] {
        RuleLoader.load(text: yaml, file: "r.yaml").diagnostics.map(\.description)
    }

    func rule(_ settings: String, then: String = "- tag: x", if condition: String? = nil) -> String {
        """
        rules:
          - id: r
            on: message.received
        \(condition.map { "    if: \($0)\n" } ?? "")    then:
              \(then)
        \(settings.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    @Test func scopesAreReadIntoThePolicy() throws {
        let loaded = RuleLoader.load(text: """
            calendars:
              riyadh: { timezone: Asia/Riyadh, hours: { sun-thu: "09:00-17:00" } }
            rules:
              - id: a
                on: message.received
                then: [ { tag: a } ]
                once: { per: contact, every: day, calendar: riyadh }
              - id: b
                on: message.received
                then: [ opt_out, opt_in ]
                cooldown: { after: 2h, per: contact }
            """, file: "r.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let rules = try #require(loaded.ruleSet?.source.rules)
        #expect(rules[0].policy == FiringPolicy(once: true, scope: .contact, oncePerDay: true, dayCalendar: "riyadh"))
        #expect(rules[1].policy == FiringPolicy(cooldown: try TimeSpan.parse("2h").get(), scope: .contact))
        #expect(rules[1].actions.map(\.kind) == [.optOut, .optIn])
    }

    @Test func mistakesInScopesSayWhatToWrite() {
        #expect(problems(rule("once: { per: customer }")) == [
            "r.yaml:6:18: error: unknown once.per 'customer' (allowed: conversation, contact)"])
        #expect(problems(rule("once: { every: week }")) == [
            "r.yaml:6:20: error: once.every takes 'day' (once each calendar day); leave it out for once ever"])
        #expect(problems(rule("once: { calendar: riyadh }")) == [
            "r.yaml:6:11: error: once.calendar says whose day 'every: day' means; add 'every: day', or remove the calendar"])
        #expect(problems(rule("once: { per: contact }\ncooldown: { after: 1h, per: conversation }")) == [
            "r.yaml:7:33: error: once and cooldown of one rule count in the same scope; give both 'per: contact'"])
        #expect(problems(rule("cooldown: { per: contact }")) == [
            "r.yaml:6:15: error: cooldown needs 'after', how long to wait, such as 'cooldown: { after: 4h, per: contact }'"])
        #expect(problems(rule("once: { every: day, calendar: nowhere }")) == [
            "r.yaml:2:5: error: unknown calendar 'nowhere'; define it under 'calendars:'"])
    }

    @Test func theSendLimitIsReadOnceAcrossFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("send-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "send_limit: { per_contact_per_day: 3 }\n\(rule(""))".write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let single = RuleLoader.load([directory.path])
        #expect(single.ruleSet?.source.sendLimit?.perContactPerDay == 3)
        try "send_limit: { per_contact_per_day: 5 }\n".write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let twice = RuleLoader.load([directory.path])
        #expect(twice.ruleSet == nil)
        #expect(twice.diagnostics.map(\.description) == ["\(directory.path)/b.yaml:1:13: error: send_limit is set twice (first set at \(directory.path)/a.yaml:1:13); set it in one file"])
        #expect(problems("send_limit: { per_contact_per_day: 0 }\n" + rule("")) == [
            "r.yaml:1:36: error: send_limit.per_contact_per_day is at least 1; to send nothing automated, disable the rules that send"])
        #expect(problems("send_limit: { calendar: nowhere, per_contact_per_day: 2 }\n" + rule("")) == [
            "r.yaml:1:13: error: unknown calendar 'nowhere'; define it under 'calendars:'"])
    }

    @Test func theWindowAndTheFallbackTemplate() throws {
        #expect(problems(rule("", if: "{ whatsapp_window: shut }")) == ["r.yaml:4:28: error: whatsapp_window is 'open' or 'closed'"])
        #expect(problems(rule("", then: "- send_text: { text: Hi }")) == [
            "r.yaml:5:20: error: send_text as a mapping takes 'text' and 'fallback_template' (the template sent when the 24-hour window has closed); for text alone write 'send_text: \"…\"'"])
        let loaded = RuleLoader.load(text: rule("", then: "- send_text: { text: Hi, fallback_template: { name: hello, language: en } }",
                                               if: "{ whatsapp_window: open, contact: { opted_out: false } }"), file: "r.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let rule = try #require(loaded.ruleSet?.source.rules.first)
        #expect(rule.actions.map(\.kind) == [.sendTextOrTemplate(try TextTemplate.parse("Hi").get(), fallback: WhatsAppTemplate(name: "hello", language: "en"))])
    }
}
