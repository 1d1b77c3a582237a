/// A fired episode's timer, by its firing id (its key), with its hash worked out once. The
/// fired episodes of a replay number in the tens of thousands, keyed by strings of some 60
/// bytes: as plain strings, every probe of the table compared a key's bytes and every
/// growth hashed them all again. Here a probe compares the numbers first, and growth
/// rehashes a number.
///
/// The number is a word-at-a-time hash of the key's bytes, seeded per process as `Hasher`
/// is: SipHash over 60 bytes cost four times as much, for every wait a replayed event arms.
struct FiredKey: Hashable, Sendable {
    let firingID: String
    private let hash: UInt64

    init(_ firingID: String) {
        self.firingID = firingID
        hash = firingID.withUTF8Bytes { Self.hash(UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: FiredKey, rhs: FiredKey) -> Bool {
        lhs.hash == rhs.hash && lhs.firingID == rhs.firingID
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// This process's seed, from `Hasher`'s own random one: which keys (made of ids from
    /// outside) share a hash differs from run to run.
    private static let seed: UInt64 = {
        var hasher = Hasher()
        hasher.combine(UInt8(0))
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }()

    /// Eight bytes a step, each mixed by a multiplication; the last few bytes as one word
    /// with the length; then MurmurHash3's finalizer, so every bit of the input reaches
    /// every bit of the hash.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = seed ^ (UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mixed(hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << UInt64(8 * (index - offset)) }
        return finalized(mixed(hash ^ tail))
    }

    @inline(__always)
    private static func mixed(_ value: UInt64) -> UInt64 {
        let multiplied = value &* 0xBF58_476D_1CE4_E5B9
        return multiplied ^ (multiplied >> 31)
    }

    @inline(__always)
    private static func finalized(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }
}
