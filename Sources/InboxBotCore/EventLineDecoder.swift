import Foundation

/// Decodes one event in the JSON form of docs/events.md straight from its bytes, for
/// replaying files of hundreds of thousands of events: about ten times faster than
/// `JSONDecoder`, which goes through generic containers.
///
/// It handles the form exactly as `Event`'s `Decodable` does (the same keys, defaults and
/// nulls, RFC 3339 times, strict keys) and returns nil for anything else: an unknown or
/// repeated key, a wrong type, a number with a fraction or exponent, invalid UTF-8, a
/// surrogate escape. The caller then decodes the line with `JSONDecoder`, which decides
/// and words the error, so the two can never disagree on a line this one accepts (a test
/// holds them together, fuzzed).
public enum EventLineDecoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Event? {
        var cursor = JSONCursor(bytes: bytes)
        guard let event = cursor.event() else { return nil }
        cursor.skipWhitespace()
        return cursor.atEnd ? event : nil
    }

    public static func decode(_ data: Data) -> Event? {
        data.withUnsafeBytes { decode($0) }
    }

    /// An event as the stores keep it: decoded here, or by JSONDecoder when this leaves it.
    public static func stored(_ data: Data) throws -> Event {
        if let event = decode(data) { return event }
        return try JSONDecoder().decode(Event.self, from: data)
    }

    /// A conversation as the stores keep it (an action's snapshot), the same way.
    public static func storedConversation(_ data: Data) throws -> ConversationSnapshot {
        let fast = data.withUnsafeBytes { bytes -> ConversationSnapshot? in
            var cursor = JSONCursor(bytes: bytes)
            guard let conversation = cursor.conversation() else { return nil }
            cursor.skipWhitespace()
            return cursor.atEnd ? conversation : nil
        }
        if let fast { return fast }
        return try JSONDecoder().decode(ConversationSnapshot.self, from: data)
    }
}

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
    mutating func object(keys: [StaticString], _ member: (_ key: Int, _ cursor: inout JSONCursor) -> Bool) -> Bool {
        guard consume(0x7B) else { return false }
        if consume(0x7D) { return true }
        var seen: UInt64 = 0
        repeat {
            guard let key = key(among: keys), seen & (1 << UInt64(key)) == 0, consume(0x3A) else { return false }
            seen |= 1 << UInt64(key)
            guard member(key, &self) else { return false }
        } while consume(0x2C)
        return consume(0x7D)
    }

    /// A key, by its position in `keys`; nil when it is not one of them or has escapes.
    private mutating func key(among keys: [StaticString]) -> Int? {
        guard consume(0x22) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != 0x22 {
            if bytes[index] == 0x5C { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let length = index - start
        index += 1
        guard let base = bytes.baseAddress else { return nil }
        for (number, known) in keys.enumerated() where known.utf8CodeUnitCount == length {
            if memcmp(base + start, known.utf8Start, length) == 0 { return number }
        }
        return nil
    }

    /// A string value (escapes decoded, UTF-8 checked).
    mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                defer { index += 1 }
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                // ASCII cannot be invalid UTF-8: the check is for the rest.
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == 0x5C { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
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
        guard let text = optionalString() else { return .none }
        guard let text else { return .some(nil) }
        return Timestamp.parse(text).map { .some($0) } ?? .none
    }

    mutating func enumValue<T: RawRepresentable>(_ type: T.Type) -> T? where T.RawValue == String {
        string().flatMap(T.init(rawValue:))
    }
}
