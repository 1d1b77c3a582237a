import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// `words`: whole words and phrases, as a reader sees them, in English and in Arabic with its
/// attached particles and article, after the usual folding.
@Suite struct WholeWordsTests {
    static let ruleSet = RuleLoader.load(text: """
        rules:
          - id: billing
            on: message.received
            if: { body: { words: [bill, فاتورة, money back, "3"] } }
            then:
              - tag: billing
        """, file: "r.yaml").ruleSet

    static func acts(on body: String) throws -> Bool {
        let event = Event(id: "e", type: .messageReceived, time: Date(), conversation: ConversationSnapshot(id: "c"), message: Message(direction: .inbound, body: body))
        return !(try #require(ruleSet)).evaluate(event, at: event.time, history: FiringLedger(), fromBot: false).decisions.isEmpty
    }

    @Test(arguments: [
        ("my bill.", true), ("BILL!", true), ("bill", true), ("a bill-payment", true), ("(bill)", true),
        ("billion dollars", false), ("billing", false), ("rebill", false), ("bill2", false),
        ("أين الفاتورة؟", true), ("فاتورة", true), ("بالفاتورة", true), ("وبالفاتورة", true), ("وللفاتورة", true), ("فالفاتورة", true),
        ("الفاتورة،شكرا", true), ("فاتوره", true),  // folded: ta marbuta written as ha
        ("فاتورتي", false), ("مفاتورة", false), ("ومفاتورة", false),
        ("I want my money back", true), ("my money  back", true), ("moneyback", false), ("money backing", false),
        ("order ٣ please", true), ("order 33", false), ("👋bill👋", true), ("é bill é", true),
        // Found first inside another word, then whole.
        ("billing, then the bill", true), ("rebill bill", true), ("مفاتورة وفاتورة", true), ("billion billing", false),
    ])
    func aWordHoldsOnlyWhole(_ body: String, _ expected: Bool) throws {
        #expect(try Self.acts(on: body) == expected, "\(body)")
    }

    /// Odd text never traps: marks, four-byte characters, lone particles at the edges.
    @Test func oddTextIsSafe() throws {
        for body in ["", "و", "ال", "وب", "\u{0301}bill", "bill\u{0301}", "𝐛𝐢𝐥𝐥", String(repeating: "و", count: 10_000) + "فاتورة", "فاتورة" + String(repeating: "ل", count: 5)] {
            _ = try Self.acts(on: body)
        }
    }
}
