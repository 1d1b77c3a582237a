/// Numbers distinct ids (conversation ids: `ConversationNumbers`) 0, 1, 2… in the order first
/// seen, for a replay's per-event lookups.
///
/// An open-addressing table that keeps each id with its hash and number in its slot: a probe
/// compares hashes first, and a lookup reads one slot (the ids in an array of their own were
/// a second cache miss per lookup). As a `[String: Int]`, each lookup of a 20- to 60-byte id
/// cost some 360 instructions of SipHash and probing. The hash reads an id a word at a time,
/// seeded per process as `Hasher` is, so which ids (from outside) share a hash differs from
/// run to run.
struct IDNumbers: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        /// The id's number; -1 for an empty slot.
        var number: Int32 = -1
        var id = ""
    }

    /// A power of two, at least twice `count`; empty before the first id.
    private var slots: [Slot] = []

    private(set) var count = 0

    /// The id's number; nil if it has none.
    func number(of id: String) -> Int? {
        number(of: id, hash: Self.hash(of: id))
    }

    /// The id's number, given the next one if it had none (`inserted`).
    mutating func insert(_ id: String) -> (number: Int, inserted: Bool) {
        let hash = Self.hash(of: id)
        if let known = number(of: id, hash: hash) { return (known, false) }
        if (count + 1) * 2 > slots.count { grow() }
        let number = count
        place(Slot(hash: hash, number: Int32(truncatingIfNeeded: number), id: id))
        count += 1
        return (number, true)
    }

    private func number(of id: String, hash: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].number >= 0 {
            // Read in place: a copy of the slot would retain its id.
            if slots[index].hash == hash, slots[index].id == id { return Int(slots[index].number) }
            index = (index + 1) & mask
        }
        return nil
    }

    private mutating func place(_ slot: Slot) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: slot.hash) & mask
        while slots[index].number >= 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: max(64, old.count * 2))
        for slot in old where slot.number >= 0 { place(slot) }
    }

    static func hash(of id: String) -> UInt64 {
        id.withUTF8Bytes { hash($0) }
    }

    /// This process's seed, from `Hasher`'s own random one.
    private static let seed: UInt64 = {
        var hasher = Hasher()
        hasher.combine(UInt8(0))
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }()

    /// The id's words mixed in turn (`ByteWords.mixed`, the last zero-padded), its length in
    /// the seed, and finalized.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = seed ^ (UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        ByteWords.forEach(in: bytes) { hash = ByteWords.mixed(hash, $0) }
        return ByteWords.finalized(hash)
    }
}
