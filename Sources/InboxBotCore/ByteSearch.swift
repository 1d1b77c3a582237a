import Foundation

/// Finding bytes in bytes, for the text tests and the regex prefilter: each place the
/// needle's first byte is found (by `memchr`), the rest compared.
enum ByteSearch {
    /// Whether `text` holds `needle` at `offset`; false when it does not fit there.
    static func matches(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needle.count > 0 else { return true }
        guard let base = text.baseAddress, let bytes = needle.baseAddress, offset >= 0, offset + needle.count <= text.count else { return false }
        return memcmp(base + offset, bytes, needle.count) == 0
    }

    /// Whether `needle` occurs in `text`; an empty needle occurs in any text.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        firstIndex(of: needle, in: text, from: 0) != nil
    }

    /// Where `needle` first occurs in `text` at or after `start`; an empty needle at `start`.
    static func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let length = needle.count
        guard length > 0 else { return start <= text.count ? start : nil }
        guard length <= text.count, let base = text.baseAddress, let first = needle.baseAddress else { return nil }
        let last = text.count - length
        // The byte looked for: the second of a needle that starts with a multi-byte letter, since
        // Arabic letters share a few first bytes (each other byte of a text was a candidate).
        let key = length > 1 && first.pointee >= 0xC0 ? 1 : 0, keyByte = Int32(first[key])
        var index = max(start, 0)
        while index <= last {
            guard let found = memchr(base + index + key, keyByte, last - index + 1) else { return nil }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - key
            if memcmp(base + position, first, length) == 0 { return position }
            index = position + 1
        }
        return nil
    }
}
