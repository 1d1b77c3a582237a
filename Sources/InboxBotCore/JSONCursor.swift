import Foundation

/// A position in a JSON text, reading the event form's parts; every method returns nil
/// (or false) for anything outside what `EventLineDecoder` handles.
struct JSONCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `null`, consumed; false (and nothing consumed) for any other value.
    mutating func null() -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == 0x6E, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x6C else {
            return false
        }
        index += 4
        return true
    }

    /// The members of an object: `member` reads each value after its key; a repeated key
    /// (by its number among `keys`) or a key not in `keys` fails.
    mutating func object(keys: Keys, _ member: (_ key: Int, _ cursor: inout JSONCursor) -> Bool) -> Bool {
        guard consume(0x7B) else { return false }
        if consume(0x7D) { return true }
        var seen: UInt64 = 0
        var expected = 0
        repeat {
            guard let key = key(among: keys, expected: &expected), seen & (1 << UInt64(key)) == 0, consume(0x3A) else { return false }
            seen |= 1 << UInt64(key)
            guard member(key, &self) else { return false }
        } while consume(0x2C)
        return consume(0x7D)
    }

    /// A key, by its number among `keys`; nil when it is not one of them or has escapes.
    /// Looked for first among the keys from `expected` on in sorted order (moved past the one
    /// found), compared at the cursor; then, for keys out of order, among all of them.
    private mutating func key(among keys: Keys, expected: inout Int) -> Int? {
        guard consume(0x22), let base = bytes.baseAddress else { return nil }
        let start = index
        for place in keys.sorted.indices[min(expected, keys.sorted.count)...] {
            let key = keys.sorted[place]
            if key.matches(in: bytes, at: start) {
                index = start + key.length + 1
                expected = place + 1
                return key.number
            }
        }
        guard let (end, _) = plainString() else { return nil }
        let length = end - start
        index = end + 1
        for (number, known) in keys.names.enumerated() where known.utf8CodeUnitCount == length {
            if memcmp(base + start, known.utf8Start, length) == 0 { return number }
        }
        return nil
    }

    /// A string value (escapes decoded, UTF-8 checked).
    mutating func string() -> String? {
        if let (text, ascii) = plainStringBytes() {
            // ASCII cannot be invalid UTF-8: the check is for the rest.
            return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
        }
        guard consume(0x22) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// A string value without escapes, as its bytes (between the quotes) and whether they are
    /// all ASCII, consumed; nil, with nothing consumed, for any other value. Times and enum
    /// values are read from these bytes with no `String` made.
    @inline(__always)
    private mutating func plainStringBytes() -> (text: UnsafeRawBufferPointer, ascii: Bool)? {
        let before = index
        guard consume(0x22), let (end, ascii) = plainString() else {
            index = before
            return nil
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[index..<end])
        index = end + 1
        return (text, ascii)
    }

    /// From `index`, just past an opening quote: where the closing quote is, and whether
    /// the bytes before it are all ASCII; nil when a backslash or a control character comes
    /// first, or no quote does (`index` is left where it was). Eight bytes at a time: most of
    /// a replay's decoding is finding where its strings end.
    private func plainString() -> (end: Int, ascii: Bool)? {
        guard let base = bytes.baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // A byte's high bit set where it is zero; the lowest such byte is exact.
        func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        var position = index
        var nonASCII: UInt64 = 0
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self))
            let quote = zeroBytes(word ^ (ones &* 0x22))
            // A backslash, or a byte below 0x20.
            let stop = zeroBytes(word ^ (ones &* 0x5C)) | ((word &- ones &* 0x20) & ~word & highs)
            if quote | stop != 0 {
                let quoteBit = quote.trailingZeroBitCount, stopBit = stop.trailingZeroBitCount
                guard quote != 0, quoteBit < stopBit else { return nil }
                let before = quoteBit / 8
                let mask: UInt64 = before == 0 ? 0 : UInt64.max >> UInt64(64 - 8 * before)
                return (position + before, nonASCII | (word & mask & highs) == 0)
            }
            nonASCII |= word & highs
            position += 8
        }
        var ascii = nonASCII == 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 { return (position, ascii) }
            if byte == 0x5C || byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var decoded = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return String(validating: decoded, as: UTF8.self)
            case 0x00..<0x20: return nil
            case 0x5C:
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: decoded.append(escape)
                case 0x62: decoded.append(0x08)
                case 0x66: decoded.append(0x0C)
                case 0x6E: decoded.append(0x0A)
                case 0x72: decoded.append(0x0D)
                case 0x74: decoded.append(0x09)
                case 0x75:
                    guard index + 4 <= bytes.count else { return nil }
                    var value: UInt32 = 0
                    for _ in 0..<4 {
                        let digit = bytes[index]
                        index += 1
                        let nibble: UInt32
                        switch digit {
                        case 0x30...0x39: nibble = UInt32(digit - 0x30)
                        case 0x41...0x46: nibble = UInt32(digit - 0x41 + 10)
                        case 0x61...0x66: nibble = UInt32(digit - 0x61 + 10)
                        default: return nil
                        }
                        value = value << 4 | nibble
                    }
                    // Surrogate pairs are left to JSONDecoder.
                    guard !(0xD800...0xDFFF).contains(value) else { return nil }
                    TextFolding.appendUTF8(value, to: &decoded)
                default: return nil
                }
            default: decoded.append(byte)
            }
        }
        return nil
    }

    /// A string, or nil for `null`; `.none` when the value is neither.
    mutating func optionalString() -> String?? {
        if null() { return .some(nil) }
        return string().map { .some($0) } ?? .none
    }

    /// An integer without fraction or exponent, in range.
    mutating func int() -> Int? {
        skipWhitespace()
        let negative = index < bytes.count && bytes[index] == 0x2D
        if negative { index += 1 }
        let start = index
        var value = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, !(digits > 1 && bytes[start] == 0x30) else { return nil }
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 { return nil }
        return negative ? -value : value
    }

    /// An object of strings, or nil for `null` (as an empty one).
    mutating func stringDictionary() -> [String: String]? {
        if null() { return [:] }
        guard consume(0x7B) else { return nil }
        var dictionary: [String: String] = [:]
        if consume(0x7D) { return dictionary }
        repeat {
            guard let key = string(), consume(0x3A), let value = string(), dictionary.updateValue(value, forKey: key) == nil else { return nil }
        } while consume(0x2C)
        return consume(0x7D) ? dictionary : nil
    }

    /// An array of strings, or nil for `null` (as an empty one).
    mutating func stringArray() -> [String]? {
        if null() { return [] }
        guard consume(0x5B) else { return nil }
        var array: [String] = []
        if consume(0x5D) { return array }
        // Room for a few more: a replay's dry run adds its rules' tags to the event's, and
        // grew each decoded list to do so (two reallocations per replayed event).
        array.reserveCapacity(8)
        repeat {
            guard let value = string() else { return nil }
            array.append(value)
        } while consume(0x2C)
        return consume(0x5D) ? array : nil
    }

    mutating func time() -> Date?? {
        if let (text, _) = plainStringBytes() { return Timestamp.parse(text).map { .some($0) } ?? .none }
        guard let text = optionalString() else { return .none }
        guard let text else { return .some(nil) }
        return Timestamp.parse(text).map { .some($0) } ?? .none
    }

    /// One of `T`'s cases, by its raw value; matched on the bytes, with no string made.
    mutating func enumValue<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> T? where T.RawValue == String {
        guard let (raw, _) = plainStringBytes() else { return string().flatMap(T.init(rawValue:)) }
        return T.allCases.first { value in
            var name = value.rawValue
            return name.withUTF8 { known in
                guard known.count == raw.count, let left = known.baseAddress, let right = raw.baseAddress else { return known.count == raw.count }
                return memcmp(left, right, raw.count) == 0
            }
        }
    }
}
