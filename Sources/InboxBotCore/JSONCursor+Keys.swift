import Foundation

extension JSONCursor {
    /// The keys an object of the event form may have, numbered as its reader handles them,
    /// and their sorted order: files of events (and the stores' JSON) write keys sorted, so
    /// each key is first looked for among those that sort after the last one, right at the
    /// cursor, with no search for where it ends.
    struct Keys: Sendable {
        let names: [StaticString]
        /// The keys in sorted order, each as it is matched at the cursor.
        let sorted: [SortedKey]

        init(_ names: [StaticString]) {
            self.names = names
            func text(_ name: StaticString) -> String { name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
            sorted = names.indices.sorted { text(names[$0]) < text(names[$1]) }.map { SortedKey(number: $0, name: names[$0]) }
        }
    }

    /// A key with its closing quote as the first eight bytes of the text should read
    /// (little-endian, with a mask for a shorter key): most keys are matched, or ruled out,
    /// by comparing one word at the cursor.
    struct SortedKey: Sendable {
        let number: Int
        let name: StaticString
        /// The name's length in bytes, without the quote.
        let length: Int
        let head: UInt64
        let headMask: UInt64

        init(number: Int, name: StaticString) {
            self.number = number
            self.name = name
            length = name.utf8CodeUnitCount
            var head: UInt64 = 0, mask: UInt64 = 0
            name.withUTF8Buffer { bytes in
                for (place, byte) in (Array(bytes) + [0x22]).prefix(8).enumerated() {
                    head |= UInt64(byte) << UInt64(8 * place)
                    mask |= 0xFF << UInt64(8 * place)
                }
            }
            self.head = head
            headMask = mask
        }

        /// Whether the name and its closing quote are at `start` of `bytes`: one word compared
        /// where eight bytes are left from there, byte by byte at the end of the text.
        @inline(__always)
        func matches(in bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
            let remaining = bytes.count - start
            guard length < remaining, let base = bytes.baseAddress else { return false }
            guard remaining >= 8 else { return bytes[start + length] == 0x22 && memcmp(base + start, name.utf8Start, length) == 0 }
            let word = UInt64(littleEndian: (base + start).loadUnaligned(as: UInt64.self))
            guard word & headMask == head else { return false }
            // The quote was in the word for a name of up to seven bytes.
            guard length >= 8 else { return true }
            return memcmp(base + start + 8, name.utf8Start + 8, length - 8) == 0 && base.load(fromByteOffset: start + length, as: UInt8.self) == 0x22
        }
    }

    static let eventKeys = Keys(["id", "type", "time", "conversation", "message", "call", "metadata"])
    static let conversationKeys = Keys(["id", "platform", "status", "platform_status", "tags", "unread", "channel", "channel_id", "assignee",
                                        "assignee_name", "contact", "created_at", "assigned_at", "last_inbound_at", "last_outbound_at"])
    static let contactKeys = Keys(["id", "name", "phone", "properties"])
    static let messageKeys = Keys(["id", "direction", "type", "body", "status", "sender"])
    static let callKeys = Keys(["direction", "status", "duration_seconds"])
}
