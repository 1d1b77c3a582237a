import Foundation
import Testing
@testable import InboxBotCore

/// The literal a regex's matches must contain, and that ruling a text out by it never
/// changes a match: checked against ICU itself on random texts.
@Suite struct RegexPrefilterTests {
    static func literal(_ pattern: String) -> String? {
        RegexPrefilter(pattern: pattern).map { String(decoding: $0.literal, as: UTF8.self) }
    }

    @Test func theLiteralEveryMatchContains() {
        #expect(Self.literal(#"\brefund(ed|s)?\b"#) == "refund")
        #expect(Self.literal(#"(cancel|stop)\s+(my\s+)?subscription"#) == "subscription")
        #expect(Self.literal(#"\b(charged|billed) twice\b"#) == " twice")
        #expect(Self.literal(#"https?://\S+"#) == "http")
        #expect(Self.literal(#"colou?r"#) == "colo")
        #expect(Self.literal(#"Order\s*#?\d{4,}"#) == "order")
        #expect(Self.literal(#"ab{0,2}cd"#) == "cd")
        #expect(Self.literal(#"ab{1,2}cd"#) == "ab")
        #expect(Self.literal(#"a\.b\.c"#) == "a.b.c")
        // Nothing it can be sure of: alternation, options, escapes it does not follow, too short.
        for pattern in [#"refund|money back"#, #"(?i)refund"#, #"(?x) re fund"#, #"\Qa.b\E"#, #"\p{L}+refund"#, #"(a)\1"#,
                        #"\$\s?\d+"#, #"^\s*(ok|okay)\s*$"#, "كم\\s+(السعر|سعر)", #"ref[und"#, #"a{x}"#] {
            #expect(Self.literal(pattern) == nil, "\(pattern)")
        }
    }

    @Test func rulingOutNeverChangesAMatch() throws {
        let patterns = [
            #"\border\s*#?\d{4,}"#, #"(cancel|stop)\s+(my\s+)?subscription"#, #"\b(charged|billed) twice\b"#, #"\brefund(ed|s)?\b"#,
            #"(http|https)://\S+"#, #"colou?r"#, #"ab{0,2}cd"#, #"x+yzw*"#, #"a\.b"#, #"k s"#,
            #"[a-c]{2}def"#, #"\d\d-\d\d-abc"#, #"the (quick|slow) brown fox"#, #"(?:ab)+cd"#, #"[]x]yz"#,
        ]
        var random = SeededRandom(seed: 77)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 #.-:/_")
        var ruledOut = 0
        for pattern in patterns {
            let prefilter = try #require(RegexPrefilter(pattern: pattern), "\(pattern)")
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let literal = String(decoding: prefilter.literal, as: UTF8.self)
            for _ in 0..<400 {
                var text = String((0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
                // Often the literal itself, in any case, damaged or whole, inside the noise.
                if Bool.random(using: &random) {
                    var piece = String(literal.map { Bool.random(using: &random) ? Character($0.uppercased()) : $0 })
                    if Bool.random(using: &random), !piece.isEmpty { piece.remove(at: piece.index(piece.startIndex, offsetBy: Int.random(in: 0..<piece.count, using: &random))) }
                    text.insert(contentsOf: piece, at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random)))
                }
                let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if prefilter.rulesOut(text) {
                    ruledOut += 1
                    #expect(!matches, "/\(pattern)/ matches \"\(text)\", which lacks \"\(literal)\"")
                }
            }
            #expect(!prefilter.rulesOut("ok K\u{212A} " + literal.uppercased()), "a text with non-ASCII is never ruled out")
        }
        #expect(ruledOut > 1_000)
    }
}
