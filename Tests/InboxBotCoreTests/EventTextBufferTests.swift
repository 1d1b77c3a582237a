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
        let (fired, quiet) = Self.expectTogetherAsAlone(tests, events: 600) {
            var conversation = ConversationSnapshot(id: "c-1")
            conversation.contact = Contact(name: text(), phone: text(), properties: ["tier": text(), "note": text()].compactMapValues { $0 })
            return Fixtures.message(text(), conversation: conversation)
        }
        #expect(fired > 500 && quiet > 500, "fired \(fired), quiet \(quiet)")
    }

    /// One rule set runs every test on each event; each test alone gives the answer. Returns
    /// how many tests fired and how many did not, over all the events.
    static func expectTogetherAsAlone(_ tests: [(String, Condition)], events: Int, _ makeEvent: () -> Event) -> (fired: Int, quiet: Int) {
        let together = Fixtures.compile(tests.map { Fixtures.rule($0.0, if: $0.1) })
        let alone = tests.map { Fixtures.compile([Fixtures.rule($0.0, if: $0.1)]) }
        var fired = 0, quiet = 0
        for _ in 0..<events {
            let event = makeEvent()
            let expected = zip(tests, alone).compactMap { test, ruleSet in Fixtures.firing(ruleSet, event).isEmpty ? nil : test.0 }
            #expect(Fixtures.firing(together, event) == expected, "\(event.message?.body ?? "-") / \(event.conversation.contact)")
            fired += expected.count
            quiet += tests.count - expected.count
        }
        return (fired, quiet)
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

    /// A needle's search is kept for the event and answers the next rule that looks for it:
    /// only in the same text, and only the same way (a substring is not a whole word). On
    /// random texts, rules that search alike in different texts and ways, in one rule set,
    /// fire as each does alone.
    @Test func aSearchAnswersOnlyTheSameSearchOfTheSameText() {
        let words = ["refund", "refunded", "order", "طلب", "بالطلب", "Refund", ""]
        var random = SeededRandom(seed: 31)
        func text() -> String? {
            guard Int.random(in: 0..<5, using: &random) > 0 else { return nil }
            return (0..<Int.random(in: 1...3, using: &random)).compactMap { _ in words.randomElement(using: &random) }.joined(separator: " ")
        }
        let tests: [(String, Condition)] = [
            ("body-contains", Condition(.body(TextTest([.contains(["refund"])])))),
            ("name-contains", Condition(.contactName(TextTest([.contains(["refund"])])))),
            ("body-words", Condition(.body(TextTest([.words(["refund"])])))),
            ("note-words", Condition(.contactProperty(name: "note", TextTest([.words(["refund", "طلب"])])))),
            ("tier-contains", Condition(.contactProperty(name: "tier", TextTest([.contains(["refund"])])))),
            ("body-all", Condition(.body(TextTest([.containsAll(["refund", "order"])])))),
            ("body-words-arabic", Condition(.body(TextTest([.words(["طلب"])])))),
            ("body-contains-arabic", Condition(.body(TextTest([.contains(["طلب", "order"])])))),
            ("note-contains", Condition(.contactProperty(name: "note", TextTest([.contains(["طلب"])])))),
            ("body-all-again", Condition(.body(TextTest([.containsAll(["order", "refunded"])])))),
            ("name-words", Condition(.contactName(TextTest([.words(["refund"])])))),
        ]
        let (fired, quiet) = Self.expectTogetherAsAlone(tests, events: 800) {
            var conversation = ConversationSnapshot(id: "c-1")
            conversation.contact = Contact(name: text(), properties: ["tier": text(), "note": text()].compactMapValues { $0 })
            return Fixtures.message(text(), conversation: conversation)
        }
        #expect(fired > 1_000 && quiet > 1_000, "fired \(fired), quiet \(quiet)")
    }

    /// Past the 64th needle a rule set searches for, a search is not kept: it is made anew,
    /// and still answers right.
    @Test func needlesPastTheSixtyFourthAreSearchedEachTime() {
        let needles = (0..<80).map { "w\($0)x" }
        let ruleSet = Fixtures.compile(needles.flatMap { needle in
            [Fixtures.rule("\(needle)-1", if: Condition(.body(TextTest([.contains([needle])])))),
             Fixtures.rule("\(needle)-2", if: Condition(.body(TextTest([.contains(["nothing", needle])]))))]
        })
        var random = SeededRandom(seed: 37)
        for _ in 0..<100 {
            let present = Set(needles.filter { _ in Int.random(in: 0..<8, using: &random) == 0 })
            let body = needles.filter(present.contains).shuffled(using: &random).joined(separator: " ")
            let expected = needles.filter(present.contains).flatMap { ["\($0)-1", "\($0)-2"] }
            #expect(Fixtures.firing(ruleSet, Fixtures.message(body, conversation: ConversationSnapshot(id: "c-1"))) == expected)
        }
    }
}
