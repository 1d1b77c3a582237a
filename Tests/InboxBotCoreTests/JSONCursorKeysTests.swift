import Foundation
@testable import InboxBotCore
import Testing

/// The event form's keys as the decoder matches them a word at a time: each key matches its
/// own name and closing quote, and no other key's, nor its name run on into a longer one.
@Suite struct JSONCursorKeysTests {
    @Test func eachKeyMatchesItsOwnNameAndNoOther() {
        let tables = [JSONCursor.eventKeys, JSONCursor.conversationKeys, JSONCursor.contactKeys, JSONCursor.messageKeys, JSONCursor.callKeys]
        for keys in tables {
            for key in keys.sorted {
                let name = key.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
                for (text, matches) in [(name + "\"", true), (name + "x\"", false), (String(name.dropLast()) + "\"", false)] {
                    // Padded, so that the word is read whole (what follows must not count); and
                    // at the end of the text, where it is compared byte by byte.
                    for padding in [8, 0] {
                        let bytes = Array(text.utf8) + Array(repeating: UInt8(ascii: "}"), count: padding)
                        bytes.withUnsafeBytes { raw in
                            #expect(key.matches(in: raw, at: 0) == matches, "\(text), \(padding) bytes after")
                            for other in keys.sorted where other.number != key.number && matches {
                                #expect(!other.matches(in: raw, at: 0), "\(text) matched by another key")
                            }
                        }
                    }
                }
            }
        }
    }
}
