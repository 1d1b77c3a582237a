/// Numbers the distinct names (folded, or exact for channel ids) that rules mention, so
/// that an event's value is hashed once and then compared as bits.
struct KeyIndex: Sendable {
    private(set) var keys: [String: Int] = [:]

    var wordCount: Int { max(1, (keys.count + 63) / 64) }

    mutating func insert(_ key: String) {
        if keys[key] == nil { keys[key] = keys.count }
    }

    /// The bits for these values; values no rule mentions have none.
    func bits(for values: [String]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: wordCount)
        for value in values { set(value, in: &words, at: 0) }
        return words
    }

    /// Sets the bit for one value in `words`, starting at word `offset`, if a rule mentions it.
    func set(_ value: String, in words: inout [UInt64], at offset: Int) {
        if let bit = keys[value] { words[offset + bit >> 6] |= 1 << UInt64(bit & 63) }
    }
}
