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
        let length = needle.count
        guard length > 0 else { return true }
        guard length <= text.count, let base = text.baseAddress, let first = needle.baseAddress else { return false }
        let last = text.count - length
        var index = 0
        while index <= last {
            guard let found = memchr(base + index, Int32(first.pointee), last - index + 1) else { return false }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // The second byte first, in place: Arabic letters share their first byte.
            if length == 1 || (base[position + 1] == first[1] && (length == 2 || memcmp(base + position + 2, first + 2, length - 2) == 0)) {
                return true
            }
            index = position + 1
        }
        return false
    }
}
