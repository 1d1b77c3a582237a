import Foundation
import Testing
@testable import InboxBotCore

/// The literals a regex's matches must contain one of, and that ruling a text out by them
/// never changes a match: checked against ICU itself on random texts, ASCII and not.
@Suite struct RegexPrefilterTests {
    static func literals(_ pattern: String) -> [String]? {
        RegexPrefilter(pattern: pattern).map { $0.literals.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func theLiteralsEveryMatchContainsOneOf() {
        #expect(Self.literals(#"\brefund(ed|s)?\b"#) == ["refund"])
        #expect(Self.literals(#"(cancel|stop)\s+(my\s+)?subscription"#) == ["subscription"])
        #expect(Self.literals(#"\b(charged|billed) twice\b"#) == [" twice"])
        #expect(Self.literals(#"https?://\S+"#) == ["http"])
        #expect(Self.literals(#"colou?r"#) == ["colo"])
        #expect(Self.literals(#"Order\s*#?\d{4,}"#) == ["order"])
        #expect(Self.literals(#"ab{0,2}cd"#) == ["cd"])
        #expect(Self.literals(#"ab{1,2}cd"#) == ["ab"])
        #expect(Self.literals(#"a\.b\.c"#) == ["a.b.c"])
        // Alternatives: one of them.
        #expect(Self.literals(#"refund|money back"#) == ["refund", "money back"])
        #expect(Self.literals(#"^\s*(ok|okay)\s*$"#) == ["ok", "okay"])
        #expect(Self.literals(#"^(hi|hello|hey)\b"#) == ["hi", "hello", "hey"])
        #expect(Self.literals(#"(?:not|never)\s+(arrived|received)"#) == ["arrived", "received"])
        #expect(Self.literals(#"\$\s?\d+"#) == ["$"])
        // Arabic letters are literals too.
        #expect(Self.literals("كم\\s+(السعر|سعر)") == ["السعر", "سعر"])
        #expect(Self.literals("(واتساب|whatsapp)") == ["واتساب", "whatsapp"])
        // Nothing it can be sure of: options, escapes it does not follow, a branch with no literal, too many.
        for pattern in [#"(?i)refund"#, #"(?x) re fund"#, #"\Qa.b\E"#, #"\p{L}+refund"#, #"(a)\1"#, #"refund|\d+"#, #"(ab)?"#,
                        #"ref[und"#, #"a{x}"#, #"a|b|c|d|e|f|g|h|i"#, #"[[a]]x"#, #"ab)"#, "é+", #"\d{3}"#] {
            #expect(Self.literals(pattern) == nil, "\(pattern)")
        }
    }

    @Test func rulingOutNeverChangesAMatch() throws {
        let patterns = [
            #"\border\s*#?\d{4,}"#, #"(cancel|stop)\s+(my\s+)?subscription"#, #"\b(charged|billed) twice\b"#, #"\brefund(ed|s)?\b"#,
            #"(http|https)://\S+"#, #"colou?r"#, #"ab{0,2}cd"#, #"x+yzw*"#, #"a\.b"#, #"k s"#,
            #"[a-c]{2}def"#, #"\d\d-\d\d-abc"#, #"the (quick|slow) brown fox"#, #"(?:ab)+cd"#, #"[]x]yz"#,
            #"^(hi|hello|hey)\b"#, #"refund|money back"#, #"\b(ss|k)\b"#, #"\$\s?\d+"#, #"[0-9]{3}-[0-9]{4}"#,
            "ال(فاتورة|فاتوره)", "كم\\s+(السعر|سعر)", "(واتساب|whatsapp)", "\\b(thank(s| you)|شكرا)\\b", "^\\s*(ok|okay|تمام)\\s*$",
        ]
        var random = SeededRandom(seed: 77)
        // ASCII, Arabic, and letters ICU folds onto ASCII ones or that fold to several: Kelvin
        // sign, long s, sharp s, dotted I, fullwidth and Arabic-Indic digits, a presentation form.
        let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 #.-:/_$")
        let arabic = ascii + Array("الفاتورةسعركمواتسابشكراتمامَ٣")
        let wide = arabic + Array("\u{212A}\u{017F}ßİ１\u{FEFB}é")
        var ruledOut = (ascii: 0, arabic: 0, other: 0)
        for pattern in patterns {
            let prefilter = try #require(RegexPrefilter(pattern: pattern), "\(pattern)")
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            for round in 0..<800 {
                let alphabet = [ascii, arabic, wide][round % 3]
                var text = String((0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
                // Often one of the literals itself, in any case, damaged or whole, inside the noise.
                if Bool.random(using: &random), let literal = prefilter.literals.randomElement(using: &random) {
                    var piece = String(String(decoding: literal, as: UTF8.self).map { Bool.random(using: &random) ? Character($0.uppercased()) : $0 })
                    if Bool.random(using: &random), !piece.isEmpty { piece.remove(at: piece.index(piece.startIndex, offsetBy: Int.random(in: 0..<piece.count, using: &random))) }
                    text.insert(contentsOf: piece, at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random)))
                }
                let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if prefilter.rulesOut(text) {
                    if text.utf8.allSatisfy({ $0 < 0x80 }) {
                        ruledOut.ascii += 1
                    } else if text.unicodeScalars.allSatisfy({ $0.isASCII || (0x0600...0x06FF).contains($0.value) }) {
                        ruledOut.arabic += 1
                    } else {
                        ruledOut.other += 1
                    }
                    #expect(!matches, "/\(pattern)/ matches \"\(text)\", which has none of \(Self.literals(pattern) ?? [])")
                }
            }
        }
        #expect(ruledOut.ascii > 1_500 && ruledOut.arabic > 1_000 && ruledOut.other > 200, "\(ruledOut)")
        // Texts that match only because ICU folds another letter onto ASCII ones are never ruled out.
        for (pattern, text) in [(#"\b(ss|k)\b"#, "ß"), (#"\b(ss|k)\b"#, "a \u{017F}s"), (#"\b(ss|k)\b"#, "\u{212A}"), (#"\b(ss|k)\b"#, "ا ß")] {
            let prefilter = try #require(RegexPrefilter(pattern: pattern))
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            #expect(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "/\(pattern)/ on \(text)")
            #expect(!prefilter.rulesOut(text), "/\(pattern)/ on \(text)")
        }
    }
}
