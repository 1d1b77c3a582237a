/// A fired episode's timer key with its hash worked out once. The fired episodes of a
/// replay number in the tens of thousands, keyed by strings of some 60 bytes: as plain
/// strings, every probe of the table compared a key's bytes and every growth hashed them
/// all again. Here a probe compares the numbers first, and growth rehashes a number.
struct FiredKey: Hashable, Sendable {
    let key: String
    private let hash: Int

    init(_ key: String) {
        self.key = key
        var hasher = Hasher()
        // The key's bytes, as `String`'s own hashing feeds them (a string is contiguous
        // unless bridged; a bridged one is made contiguous, so equal keys hash alike).
        if key.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            var contiguous = key
            contiguous.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        hash = hasher.finalize()
    }

    static func == (lhs: FiredKey, rhs: FiredKey) -> Bool {
        lhs.hash == rhs.hash && lhs.key == rhs.key
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
