import Foundation
import Testing
@testable import InboxBotCore

/// The evaluator keeps an event's folded texts (body, contact name, phone digits, contact
/// properties) and the regex prefilters' searchable forms one after another in one buffer.
/// On random events whose texts share words, rules that test each text, in any order and
/// alternating between texts, must see that text alone: what a test of each text on its
/// own says.
@Suite struct EventTextBufferTests {
    static let words = ["refund", "Sara", "ALI", "طلب", "order 12345", "٠٥٠", "gold", "مرحبا", "", "  ", "Zoë"]

    @Test func eachTestReadsItsOwnText() {
        var random = SeededRandom(seed: 21)
        func text() -> String? {
            guard Int.random(in: 0..<6, using: &random) > 0 else { return nil }
            return (0..<Int.random(in: 1...3, using: &random)).compactMap { _ in Self.words.randomElement(using: &random) }.joined(separator: " ")
        }
        let tests: [(String, Condition)] = [
            ("body-refund", Condition(.body(TextTest([.contains(["refund"])])))),
            ("body-regex-order", Condition(.body(TextTest([.matches("order\\s+\\d{4,}", location: nil)])))),
            ("name-ali", Condition(.contactName(TextTest([.contains(["ali"])])))),
            ("name-regex-sara", Condition(.contactName(TextTest([.matches("\\bsara\\b", location: nil)])))),
            ("body-regex-arabic", Condition(.body(TextTest([.matches("طلب", location: nil)])))),
            ("phone-050", Condition(.contactPhone(TextTest([.contains(["050"])])))),
            ("tier-gold", Condition(.contactProperty(name: "tier", TextTest([.equals(["gold"])])))),
            ("note-words", Condition(.contactProperty(name: "note", TextTest([.words(["order"])])))),
            ("name-regex-zoe", Condition(.contactName(TextTest([.matches("zoë", location: nil)])))),
            // Second tests of a text read it as worked out by the first.
            ("name-starts-sara", Condition(.contactName(TextTest([.startsWith(["sara"])])))),
            ("body-order", Condition(.body(TextTest([.contains(["order"])])))),
            ("phone-ends-5", Condition(.contactPhone(TextTest([.endsWith(["5"])])))),
            ("tier-words-gold", Condition(.contactProperty(name: "tier", TextTest([.words(["gold"])])))),
        ]
        let together = Fixtures.compile(tests.map { Fixtures.rule($0.0, if: $0.1) })
        let alone = tests.map { Fixtures.compile([Fixtures.rule($0.0, if: $0.1)]) }
        var fired = 0, quiet = 0
        for _ in 0..<600 {
            var conversation = ConversationSnapshot(id: "c-1")
            conversation.contact = Contact(name: text(), phone: text(), properties: ["tier": text(), "note": text()].compactMapValues { $0 })
            let event = Fixtures.message(text(), conversation: conversation)
            // One rule set runs every test on one event; each test alone gives the answer.
            let expected = zip(tests, alone).compactMap { test, ruleSet in Fixtures.firing(ruleSet, event).isEmpty ? nil : test.0 }
            #expect(Fixtures.firing(together, event) == expected, "\(event.message?.body ?? "-") / \(conversation.contact)")
            fired += expected.count
            quiet += tests.count - expected.count
        }
        #expect(fired > 500 && quiet > 500, "fired \(fired), quiet \(quiet)")
    }

    /// Past the 61st property a rule set names, a property's text has no bit of its own to
    /// say it is worked out: each is still read as its own, by a first test and a second.
    @Test func propertiesPastTheSixtyFirstReadTheirOwnText() {
        let names = (0..<70).map { "p\($0)" }
        let rules = names.flatMap { name in
            [Fixtures.rule("\(name)-equals", if: Condition(.contactProperty(name: name, TextTest([.equals(["v-\(name)"])])))),
             Fixtures.rule("\(name)-starts", if: Condition(.contactProperty(name: name, TextTest([.startsWith(["v-\(name)"])]))))]
        }
        let ruleSet = Fixtures.compile(rules)
        var random = SeededRandom(seed: 23)
        for _ in 0..<50 {
            var properties: [String: String] = [:]
            for name in names where Bool.random(using: &random) { properties[name] = Bool.random(using: &random) ? "v-\(name)" : "V-\(name) other" }
            var conversation = ConversationSnapshot(id: "c-1")
            conversation.contact = Contact(properties: properties)
            let expected = names.flatMap { name -> [String] in
                switch properties[name] {
                case "v-\(name)": ["\(name)-equals", "\(name)-starts"]
                case .some: ["\(name)-starts"]
                case nil: []
                }
            }
            #expect(Fixtures.firing(ruleSet, Fixtures.message("hi", conversation: conversation)) == expected)
        }
    }
}
