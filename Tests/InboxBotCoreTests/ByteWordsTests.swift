import Testing
@testable import InboxBotCore

/// Bytes read a word at a time must be the bytes read one by one.
@Suite struct ByteWordsTests {
    @Test func wordsAreTheBytesInOrderPadded() {
        for length in 0...20 {
            let bytes = (0..<length).map { UInt8(0x41 + $0) }
            var rebuilt: [UInt8] = []
            var presentBytes = 0
            let all = bytes.withUnsafeBufferPointer { raw in
                ByteWords.allSatisfy(in: raw) { word, present in
                    let count = present.nonzeroBitCount
                    presentBytes += count
                    rebuilt += (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) }.prefix(count)
                    #expect(word >> UInt64(8 * count) == 0 || count == 8, "padding of a \(length)-byte value")
                    return true
                }
            }
            #expect(all && rebuilt == bytes && presentBytes == length, "\(length) bytes")
        }
    }

    @Test func wordTestsAgreeWithByteTests() {
        // Every byte value in every position of a word, with neighbours that carry.
        for byte in 0...255 {
            for position in 0..<8 {
                let neighbours: [UInt8] = [0x00, 0xFF, 0x40, 0x5A, 0x20]
                for neighbour in neighbours {
                    var bytes = [UInt8](repeating: neighbour, count: 8)
                    bytes[position] = UInt8(byte)
                    let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
                    let lowered = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
                    #expect(ByteWords.lowercased(word) == lowered.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) })
                    let spaces = bytes.enumerated().reduce(UInt64(0)) { $0 | ($1.element == 0x20 ? 0x80 << UInt64(8 * $1.offset) : 0) }
                    #expect(ByteWords.bytes(equalTo: 0x20, in: word) == spaces)
                    let present = UInt64(0x80) << UInt64(8 * position)
                    #expect(ByteWords.isPrintableASCII(word & (0xFF << UInt64(8 * position)), present: present) == (0x20...0x7E).contains(byte))
                }
            }
        }
    }
}
