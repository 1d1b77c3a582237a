/// Numbers the distinct names (folded, or exact for channel ids) that rules mention, so
/// that an event's value is looked up once and then compared as bits.
///
/// Looked up for every event's tags, channel and assignee, so not through `String`
/// hashing: an open-addressing table over the names' UTF-8 bytes, and a value that folds
/// by lowercasing ASCII alone (most tags, names and emails) is folded as it is hashed.
struct KeyIndex: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var start: Int32 = 0
        /// -1 for an empty slot.
        var length: Int32 = -1
        var bit: Int32 = 0
    }

    /// How many names there are; each name's bit is its number.
    private(set) var count = 0
    /// A power of two, at least twice `count`; empty before the first name.
    private var slots: [Slot] = []
    private var bytes: [UInt8] = []

    var wordCount: Int { max(1, (count + 63) / 64) }

    mutating func insert(_ key: String) {
        let utf8 = Array(key.utf8)
        guard utf8.withUnsafeBufferPointer({ bit(of: $0, lowercasing: false) }) == nil else { return }
        if (count + 1) * 2 > slots.count { grow() }
        let hash = utf8.withUnsafeBufferPointer { Self.hash($0, lowercasing: false) }
        place(Slot(hash: hash, start: Int32(bytes.count), length: Int32(utf8.count), bit: Int32(count)))
        bytes += utf8
        count += 1
    }

    /// The bits for these values; values no rule mentions have none.
    func bits(for values: [String]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: wordCount)
        for value in values { setExact(value, in: &words, at: 0) }
        return words
    }

    /// Sets the bit of a value's folded form (`TextFolding.key`) in `words`, starting at
    /// word `offset`, if a rule mentions it.
    func setFolded(_ value: String, in words: inout [UInt64], at offset: Int) {
        guard count > 0 else { return }
        var value = value
        // nil: the value needs the full fold; .some(nil): it folds by lowercasing and no rule names it.
        let found: Int?? = value.withUTF8 { raw in
            TextFolding.foldsByLowercasing(raw) ? .some(bit(of: raw, lowercasing: true)) : nil
        }
        // Not lowercase-foldable, so its key is the full fold.
        guard let found else { return setExact(TextFolding.foldedString(value), in: &words, at: offset) }
        if let bit = found { Self.set(bit, in: &words, at: offset) }
    }

    /// Sets the bit of a value exactly as it is (a channel id), if a rule mentions it.
    func setExact(_ value: String, in words: inout [UInt64], at offset: Int) {
        guard count > 0 else { return }
        var value = value
        if let bit = value.withUTF8({ bit(of: $0, lowercasing: false) }) { Self.set(bit, in: &words, at: offset) }
    }

    private static func set(_ bit: Int, in words: inout [UInt64], at offset: Int) {
        words[offset + bit >> 6] |= 1 << UInt64(bit & 63)
    }

    @inline(__always)
    private static func lowered(_ byte: UInt8, _ lowercasing: Bool) -> UInt8 {
        lowercasing ? TextFolding.lowercasedASCII(byte) : byte
    }

    /// FNV-1a over the bytes, lowercased when asked.
    private static func hash(_ raw: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in raw { hash = (hash ^ UInt64(lowered(byte, lowercasing))) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    private func bit(of raw: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(raw, lowercasing: lowercasing)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                while slots[index].length >= 0 {
                    let slot = slots[index]
                    if slot.hash == hash, Int(slot.length) == raw.count,
                       raw.indices.allSatisfy({ Self.lowered(raw[$0], lowercasing) == bytes[Int(slot.start) + $0] }) {
                        return Int(slot.bit)
                    }
                    index = (index + 1) & mask
                }
                return nil
            }
        }
    }

    private mutating func place(_ slot: Slot) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: slot.hash) & mask
        while slots[index].length >= 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: max(16, old.count * 2))
        for slot in old where slot.length >= 0 { place(slot) }
    }
}
