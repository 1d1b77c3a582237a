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
        key.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hash = hasher.finalize()
    }

    static func == (lhs: FiredKey, rhs: FiredKey) -> Bool {
        lhs.hash == rhs.hash && lhs.key == rhs.key
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
