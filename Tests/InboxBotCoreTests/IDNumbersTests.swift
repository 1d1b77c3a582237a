import Foundation
import Testing
@testable import InboxBotCore

@Suite struct IDNumbersTests {
    /// Ids are numbered in the order first seen, whatever their string's storage, through
    /// several growths of the table; an id never seen has no number.
    @Test func numbersIdsInTheOrderFirstSeen() {
        var numbers = IDNumbers()
        #expect(numbers.number(of: "c-1") == nil)
        for number in 0..<3_000 {
            #expect(numbers.insert("conversation-\(number)") == (number, true))
        }
        var roomy = String()
        roomy.reserveCapacity(64)
        roomy.append("conversation-7")
        #expect(numbers.insert(roomy) == (7, false))
        #expect(numbers.number(of: String(concatenating: "conversation", "-", "2999")) == 2_999)
        #expect(numbers.number(of: "conversation-3000") == nil && numbers.number(of: "") == nil && numbers.number(of: "conversation-") == nil)
        #expect(numbers.insert("") == (3_000, true))
        #expect(numbers.count == 3_001 && numbers.number(of: "conversation-12") == 12 && numbers.number(of: "") == 3_000)
    }

    /// Ids that differ anywhere, by a byte or by their length, hash apart: the hash reads
    /// every byte, the few after the last whole word included.
    @Test func idsThatDifferHashApart() {
        var hashes = Set<UInt64>()
        var count = 0
        for length in 0...70 {
            let base = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            hashes.insert(base.withUnsafeBufferPointer { IDNumbers.hash($0) })
            count += 1
            for position in 0..<length {
                for byte in [UInt8(ascii: "b"), 0, 0xFF] {
                    var changed = base
                    changed[position] = byte
                    hashes.insert(changed.withUnsafeBufferPointer { IDNumbers.hash($0) })
                    count += 1
                }
            }
        }
        for number in 0..<20_000 {
            hashes.insert(IDNumbers.hash(of: "sla-first-reply|c-\(number)|idle:2026-03-17T12:00:00Z"))
        }
        count += 20_000
        #expect(hashes.count == count)
    }
}
