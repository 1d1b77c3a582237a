import Testing
@testable import InboxBotCore

/// Tags, channels and users are looked up by their folded form without hashing a `String`:
/// on random spellings, the table finds what a dictionary of `TextFolding.key` finds.
@Suite struct KeyIndexTests {
    @Test func findsWhatADictionaryOfFoldedKeysFinds() {
        let alphabet: [Character] = ["a", "B", "c", "D", "Z", "[", "@", "`", "{", "~", "\u{7F}", " ", "-", ".", "1", "é", "É", "ا", "أ", "\t"]
        var random = SeededRandom(seed: 64)
        // Up to 19 characters: names read eight bytes at a time, with and without a partial last word.
        func text() -> String {
            let length = Int.random(in: 0...(Bool.random(using: &random) ? 5 : 19), using: &random)
            return String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "a" })
        }
        var index = KeyIndex()
        var reference: [String: Int] = [:]
        for _ in 0..<150 {
            let key = TextFolding.key(text())
            index.insert(key)
            if reference[key] == nil { reference[key] = reference.count }
        }
        #expect(index.count == reference.count)
        var found = 0
        for _ in 0..<5_000 {
            let probe = text()
            var words = [UInt64](repeating: 0, count: index.wordCount)
            index.setFolded(probe, in: &words, at: 0)
            var expected = [UInt64](repeating: 0, count: index.wordCount)
            if let bit = reference[TextFolding.key(probe)] {
                expected[bit >> 6] |= 1 << UInt64(bit & 63)
                found += 1
            }
            #expect(words == expected, "\(probe.debugDescription)")
        }
        #expect(found > 500, "most probes should find nothing, but not all: \(found)")
    }

    /// A value of a length no name has is ruled out before it is hashed, unless folding
    /// may change its length: white space to trim or collapse, or letters beyond ASCII.
    @Test(arguments: [("VIP", 0), (" vip", 0), ("vip\t", 0), ("Vip  ", 0), ("after  hours", 1), ("AFTER HOURS", 1), ("\u{00C9}cole", 2),
                      ("tag-14", nil), ("vipp", nil), ("ecole", 2), ("\u{0301}vip", 0)])
    func aLengthNoNameHasRulesOutOnlyWhatFoldsByLowercasing(_ value: String, _ bit: Int?) {
        var index = KeyIndex()
        for name in ["vip", "after hours", "ecole"] { index.insert(name) }
        var words = [UInt64](repeating: 0, count: index.wordCount)
        index.setFolded(value, in: &words, at: 0)
        #expect(words == [bit.map { UInt64(1) << UInt64($0) } ?? 0])
    }

    @Test func exactLookupsFindOnlyTheSameBytes() {
        var index = KeyIndex()
        let names = ["C-1", "c-1", "channel-0123456789", "وتساب", ""]
        for name in names { index.insert(name) }
        #expect(index.count == names.count)
        for (bit, name) in names.enumerated() {
            #expect(index.bits(for: [name]) == [1 << UInt64(bit)], "\(name)")
        }
        for other in ["C-2", "C-1 ", "channel-012345678", "channel-0123456789X", "وتسا", "c-1\u{0}"] {
            #expect(index.bits(for: [other]) == [0], "\(other)")
        }
    }
}
