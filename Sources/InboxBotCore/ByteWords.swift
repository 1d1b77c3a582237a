/// UTF-8 bytes read eight at a time as little-endian words, the last zero-padded, and the
/// byte-wise tests that work on such a word at once (SWAR): short keys such as tags are
/// checked, lowercased and compared in a word or two, not byte by byte.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Calls `body` with each word of `raw`.
    @inline(__always)
    static func forEach(in raw: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        _ = allSatisfy(in: raw) { word, _ in
            body(word)
            return true
        }
    }

    /// Whether `body` holds for each word of `raw`, in order, stopping at the first that does
    /// not; `body` also gets the high bit of each byte present (the last word's padding has none).
    @inline(__always)
    static func allSatisfy(in raw: UnsafeBufferPointer<UInt8>, _ body: (_ word: UInt64, _ present: UInt64) -> Bool) -> Bool {
        guard let base = raw.baseAddress else { return true }
        let bytes = UnsafeRawPointer(base), count = raw.count
        var offset = 0
        while offset &+ 8 <= count {
            guard body(load(bytes, at: offset), highBits) else { return false }
            offset &+= 8
        }
        let left = count &- offset
        guard left > 0 else { return true }
        // The bytes past the last whole word, read in overlapping loads that stay in the buffer.
        let word = if count >= 8 {
            load(bytes, at: count &- 8) &>> UInt64(truncatingIfNeeded: 8 &* (8 &- left))
        } else if left >= 4 {
            UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
                | UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: left &- 4, as: UInt32.self))) &<< UInt64(truncatingIfNeeded: 8 &* (left &- 4))
        } else {
            // One to three bytes: the first, the middle and the last (some the same).
            UInt64(base[0]) | UInt64(base[left &>> 1]) &<< UInt64(truncatingIfNeeded: 8 &* (left &>> 1))
                | UInt64(base[left &- 1]) &<< UInt64(truncatingIfNeeded: 8 &* (left &- 1))
        }
        return body(word, highBits &>> UInt64(truncatingIfNeeded: 8 &* (8 &- left)))
    }

    @inline(__always)
    private static func load(_ bytes: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The eight bytes of `raw` from `offset` as a word; nil when fewer are left.
    @inline(__always)
    static func word(in raw: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        guard offset >= 0, offset &+ 8 <= raw.count, let base = raw.baseAddress else { return nil }
        return load(UnsafeRawPointer(base), at: offset)
    }

    /// Writes the word's eight bytes into `buffer` from `offset`; false, writing nothing, when they do not fit.
    @inline(__always)
    static func write(_ word: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset &+ 8 <= buffer.count, let base = buffer.baseAddress else { return false }
        UnsafeMutableRawPointer(base).storeBytes(of: word.littleEndian, toByteOffset: offset, as: UInt64.self)
        return true
    }

    /// The word with ASCII capitals lowercased; every other byte as it is.
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        let low = word & ~highBits
        // A byte's high bit: at least "A" and not past "Z", and ASCII.
        let capitals = (low &+ 0x3F * ones) & ~(low &+ 0x25 * ones) & ~word & highBits
        return word | capitals >> 2
    }

    /// Whether each byte present (`present`: their high bits) is printable ASCII, 0x20 to 0x7E.
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64, present: UInt64) -> Bool {
        guard isASCII(word) else { return false }
        return (word &+ 0x60 * ones) & present == present && (word &+ ones) & present == 0
    }

    /// Whether every byte of the word is ASCII.
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool {
        word & highBits == 0
    }

    /// The high bit of each byte from `low` through `high` (both ASCII) of an ASCII word.
    @inline(__always)
    static func asciiBytes(from low: UInt8, through high: UInt8, in word: UInt64) -> UInt64 {
        (word &+ UInt64(0x80 &- low) &* ones) & ~(word &+ UInt64(0x7F &- high) &* ones) & highBits
    }

    /// The high bit of each byte of `word` that equals `byte`.
    @inline(__always)
    static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        let differences = word ^ UInt64(byte) &* ones
        let low = ~highBits
        return ~(((differences & low) &+ low) | differences | low)
    }

    /// One word mixed into a hash: a multiplication, then its high bits folded down.
    @inline(__always)
    static func mixed(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let multiplied = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        return multiplied ^ (multiplied >> 31)
    }

    /// A hash made of `mixed` words finished with MurmurHash3's finalizer, so every bit of
    /// the input reaches every bit of the hash (the low ones pick a table's slot).
    @inline(__always)
    static func finalized(_ hash: UInt64) -> UInt64 {
        var hash = hash
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}
