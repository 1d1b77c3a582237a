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
                for (text, matches) in [(name + "\":1}", true), (name + "x\":1}", false), (String(name.dropLast()) + "\":1}", false)] {
                    // Padded, so that the word is always read whole; what follows must not count.
                    let bytes = Array(text.utf8) + Array(repeating: UInt8(ascii: "}"), count: 8)
                    bytes.withUnsafeBytes { raw in
                        guard let base = raw.baseAddress else { return }
                        #expect(key.matches(base, at: 0) == matches, "\(text)")
                        for other in keys.sorted where other.number != key.number && matches {
                            #expect(!other.matches(base, at: 0), "\(text) matched by another key")
                        }
                    }
                }
            }
        }
    }
}
