/// Numbers the distinct names (folded, or exact for channel ids) that rules mention, so
/// that an event's value is looked up once and then compared as bits.
///
/// Looked up for every event's tags, channel and assignee, so not through `String`
/// hashing: an open-addressing table over the names' UTF-8 bytes read eight at a time, and
/// a value that folds by lowercasing ASCII alone (most tags, names and emails) is checked,
/// lowercased and hashed a word at a time. A byte at a time, a six-byte tag cost 350
/// instructions.
struct KeyIndex: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        /// Where the name's words start in `words`.
        var start: Int32 = 0
        /// In bytes; -1 for an empty slot.
        var length: Int32 = -1
        var bit: Int32 = 0
    }

    /// How many names there are; each name's bit is its number.
    private(set) var count = 0
    /// A power of two, at least twice `count`; empty before the first name.
    private var slots: [Slot] = []
    /// The names' bytes, each name in whole words as `ByteWords` reads them (the last zero-padded).
    private var words: [UInt64] = []
    /// The names' lengths in bytes, a bit each (the last for 63 and more): most of an event's
    /// tags are named by no rule, and a length no name has rules one out before it is hashed.
    private var lengths: UInt64 = 0

    var wordCount: Int { max(1, (count + 63) / 64) }

    mutating func insert(_ key: String) {
        let utf8 = Array(key.utf8)
        utf8.withUnsafeBufferPointer { raw in
            guard bit(of: raw, lowercasing: false) == nil else { return }
            if (count + 1) * 2 > slots.count { grow() }
            place(Slot(hash: Self.hash(raw, lowercasing: false), start: Int32(words.count), length: Int32(raw.count), bit: Int32(count)))
            ByteWords.forEach(in: raw) { words.append($0) }
            lengths |= Self.lengthBit(raw.count)
            count += 1
        }
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
        // nil: the value needs the full fold; .some(nil): it folds by lowercasing and no rule names it.
        let found: Int?? = value.withUTF8Bytes { raw in
            // Lowercasing keeps the length.
            guard lengths & Self.lengthBit(raw.count) != 0 else { return TextFolding.foldsByLowercasing(raw) ? .some(nil) : nil }
            guard let hash = Self.loweredHash(raw) else { return nil }
            return .some(bit(of: raw, hash: hash, lowercasing: true))
        }
        // Not lowercase-foldable, so its key is the full fold.
        guard let found else { return setExact(TextFolding.foldedString(value), in: &words, at: offset) }
        if let bit = found { Self.set(bit, in: &words, at: offset) }
    }

    /// Sets the bit of a value exactly as it is (a channel id), if a rule mentions it.
    func setExact(_ value: String, in words: inout [UInt64], at offset: Int) {
        guard count > 0 else { return }
        let found = value.withUTF8Bytes { lengths & Self.lengthBit($0.count) == 0 ? nil : bit(of: $0, lowercasing: false) }
        if let bit = found { Self.set(bit, in: &words, at: offset) }
    }

    @inline(__always)
    private static func lengthBit(_ length: Int) -> UInt64 {
        1 << UInt64(min(length, 63))
    }

    private static func set(_ bit: Int, in words: inout [UInt64], at offset: Int) {
        words[offset + bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The hash of a value's words, lowercased when asked.
    private static func hash(_ raw: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> UInt64 {
        var hash = Self.emptyHash
        ByteWords.forEach(in: raw) { hash = ByteWords.mixed(hash, lowercasing ? ByteWords.lowercased($0) : $0) }
        return Self.finished(hash, length: raw.count)
    }

    /// The hash of a value that folds by lowercasing alone (`TextFolding.foldsByLowercasing`),
    /// worked out in the same pass as that check; nil for any other value.
    private static func loweredHash(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var hash = Self.emptyHash
        guard TextFolding.foldsByLowercasing(raw, visitingLowercased: { hash = ByteWords.mixed(hash, $0) }) else { return nil }
        return Self.finished(hash, length: raw.count)
    }

    private static let emptyHash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The hash with its length mixed in (the last word is zero-padded), finalized.
    @inline(__always)
    private static func finished(_ hash: UInt64, length: Int) -> UInt64 {
        ByteWords.finalized(hash ^ UInt64(truncatingIfNeeded: length))
    }

    private func bit(of raw: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Int? {
        bit(of: raw, hash: Self.hash(raw, lowercasing: lowercasing), lowercasing: lowercasing)
    }

    private func bit(of raw: UnsafeBufferPointer<UInt8>, hash: UInt64, lowercasing: Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            words.withUnsafeBufferPointer { words in
                while slots[index].length >= 0 {
                    let slot = slots[index]
                    if slot.hash == hash, Int(slot.length) == raw.count, Self.equal(raw, words, from: Int(slot.start), lowercasing: lowercasing) {
                        return Int(slot.bit)
                    }
                    index = (index + 1) & mask
                }
                return nil
            }
        }
    }

    /// Whether `raw` (lowercased when asked) is the name whose words start at `start`.
    private static func equal(_ raw: UnsafeBufferPointer<UInt8>, _ words: UnsafeBufferPointer<UInt64>, from start: Int, lowercasing: Bool) -> Bool {
        var index = start
        return ByteWords.allSatisfy(in: raw) { word, _ in
            defer { index += 1 }
            return (lowercasing ? ByteWords.lowercased(word) : word) == words[index]
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
