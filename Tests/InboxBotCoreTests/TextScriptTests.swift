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
}
