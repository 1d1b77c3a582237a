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
