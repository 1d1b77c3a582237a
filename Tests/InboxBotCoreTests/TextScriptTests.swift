import Testing
@testable import InboxBotCore

/// The script of most letters, Arabic on a tie; digits, emoji and other scripts are `other`.
@Suite struct TextScriptTests {
    @Test(arguments: [
        ("مرحبا، أين طلبي؟", TextScript.arabic), ("Hi, where is my order?", .latin), ("رقم الطلب ORD-5521", .arabic),
        ("hi, مرحبا, where is my order?", .latin), ("سلام hi", .arabic), ("ab سل", .arabic), ("Où est ma commande ?", .latin),
        ("12345 👍", .other), ("", .other), ("你好", .other), ("مَرْحَبًا", .arabic), ("ﻣﺮﺣﺒﺎ", .arabic), ("٣٤٥", .other),
    ])
    func theScriptOfMostLetters(_ text: String, _ expected: TextScript) {
        #expect(TextScript.of(text) == expected, "\(text)")
    }

    /// Counted without asking Unicode for most characters, a text's script is still what
    /// counting its alphabetic characters says: for every scalar up to U+FFFF alone, and for
    /// random mixes of Latin, Arabic, marks, digits and signs.
    @Test func fastCountAgreesWithTheAlphabeticProperty() {
        func reference(_ text: String) -> TextScript {
            var arabic = 0, latin = 0
            for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
                switch scalar.value {
                case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: latin += 1
                case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: arabic += 1
                default: break
                }
            }
            if arabic == 0, latin == 0 { return .other }
            return arabic >= latin ? .arabic : .latin
        }
        var differing: [UInt32] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if TextScript.of(text) != reference(text) { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
        let pieces = ["a", "Z", "é", "×", "ا", "ً", "،", "٣", "ـ", "ﻣ", "ݐ", "ࢠ", " ", "1", "👍", "ß", "ǅ"]
        var random = SeededRandom(seed: 22)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).compactMap { _ in pieces.randomElement(using: &random) }.joined()
            #expect(TextScript.of(text) == reference(text), "\(text)")
        }
    }
}
