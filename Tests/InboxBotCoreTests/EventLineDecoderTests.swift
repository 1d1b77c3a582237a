import Foundation
import InboxBotCore
import Testing

/// The fast event decoder against JSONDecoder with `Event`'s `Decodable`: on every line it
/// accepts, the same event; on the rest it says nil and JSONDecoder decides.
@Suite struct EventLineDecoderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func reference(_ line: String) -> Event? {
        try? JSONDecoder().decode(Event.self, from: Data(line.utf8))
    }

    /// Lines of every shape the form allows: the repository's event files, and events with
    /// every part set, encoded as the worker and `replay --save` write them.
    static func lines() throws -> [String] {
        var lines: [String] = []
        for file in ["examples/events.jsonl", "Tests/InboxBotCLITests/Fixtures/mixed.jsonl"] {
            lines += try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let full = Event(
            id: "e-\"quoted\"\\1", type: .messageReceived, time: Date(timeIntervalSince1970: 1_773_748_800.25),
            conversation: ConversationSnapshot(id: "c-1", platform: "hatif", status: .pending, platformStatus: "IN_PROGRESS", tags: ["vip", "فاتورة"], unread: 3,
                                               channel: Channel(id: "ch-1", name: "Main Line"), assignee: "sara@acme.sa", assigneeName: "Sara",
                                               contact: Contact(id: "k-1", name: "Noura\nAl-Harbi", phone: "+966500000001", properties: ["tier": "gold", "lang": "ar"]),
                                               createdAt: Date(timeIntervalSince1970: 1_773_700_000), assignedAt: Date(timeIntervalSince1970: 1_773_710_000),
                                               lastInboundAt: Date(timeIntervalSince1970: 1_773_748_800), lastOutboundAt: Date(timeIntervalSince1970: 1_773_740_000.5)),
            message: Message(id: "m-1", direction: .inbound, type: .image, body: "tab\there, emoji 😀, slash / and \u{1}", status: .delivered, sender: "customer"),
            metadata: ["platform_event_id": "p-1"])
        var call = full
        call.type = .callMissed
        call.message = nil
        call.call = Call(direction: .inbound, status: .noAnswer, durationSeconds: 42)
        for event in [full, call] { lines.append(String(decoding: try encoder.encode(event), as: UTF8.self)) }
        return lines
    }

    @Test func everyWellFormedLineDecodesToTheSameEvent() throws {
        let lines = try Self.lines()
        var fast = 0
        for line in lines {
            let decoded = EventLineDecoder.decode(Data(line.utf8))
            let expected = Self.reference(line)
            if let decoded {
                #expect(decoded == expected, "\(line)")
                fast += 1
            } else {
                #expect(expected == nil || line.contains("\\u"), "a plain valid line is decoded fast: \(line)")
            }
        }
        #expect(fast >= lines.count - 2, "the malformed lines of mixed.jsonl are left to JSONDecoder")
    }

    @Test func whatItLeavesToJSONDecoder() {
        let base = #"{"id":"e","type":"conversation.created","time":"2026-03-17T12:00:00Z","conversation":{"id":"c","unread":UNREAD}}"#
        #expect(EventLineDecoder.decode(Data(base.replacingOccurrences(of: "UNREAD", with: "2").utf8))?.conversation.unread == 2)
        for unread in ["1.0", "1e2", "01", "99999999999999999999", "\"2\"", "-"] {
            #expect(EventLineDecoder.decode(Data(base.replacingOccurrences(of: "UNREAD", with: unread).utf8)) == nil, "\(unread)")
        }
        let nulls = #"{"id":"e","type":"conversation.created","time":"2026-03-17T12:00:00Z","message":null,"call":null,"metadata":null,"conversation":{"id":"c","tags":null,"status":null,"contact":null,"assignee":null,"unread":null}}"#
        #expect(EventLineDecoder.decode(Data(nulls.utf8)) == Self.reference(nulls))
        #expect(Self.reference(nulls) != nil)
        let repeated = #"{"id":"e","id":"f","type":"conversation.created","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#
        #expect(EventLineDecoder.decode(Data(repeated.utf8)) == nil)
        let surrogate = #"{"id":"\ud83d\ude00","type":"conversation.created","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#
        #expect(EventLineDecoder.decode(Data(surrogate.utf8)) == nil)
        #expect(Self.reference(surrogate)?.id == "😀")
        let escaped = #"{"id":"caf\u00e9 \"x\" \/","type":"conversation.created","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#
        #expect(EventLineDecoder.decode(Data(escaped.utf8))?.id == "café \"x\" /")
        #expect(EventLineDecoder.decode(Data([0x7B, 0x22, 0xFF, 0x22])) == nil)
    }

    /// Strings are scanned eight bytes at a time: an escape, a control character, a
    /// non-ASCII letter or a bad byte at every place of strings up to 24 bytes long, on
    /// either side of a word's edge, decodes as JSONDecoder decodes it (or is left to it).
    @Test func everyPlaceInAStringIsReadAsJSONDecoderReadsIt() {
        // An escaped quote, an escaped newline, a \u escape, a tab, a control character, a
        // letter and an emoji in UTF-8, and a byte that is never UTF-8.
        let specials: [[UInt8]] = [[0x5C, 0x22], [0x5C, 0x6E], Array("\\u00e9".utf8), [0x09], [0x1F], Array("é".utf8), Array("😀".utf8), [0xFF]]
        var checked = 0
        for length in 0...24 {
            for place in 0...length {
                for special in specials {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    text.insert(contentsOf: special, at: place)
                    let line = Array(#"{"id":""#.utf8) + text + Array(#"","type":"conversation.created","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#.utf8)
                    let expected = try? JSONDecoder().decode(Event.self, from: Data(line))
                    if let decoded = EventLineDecoder.decode(Data(line)) {
                        #expect(decoded == expected, "\(String(decoding: line, as: UTF8.self))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1_000, "most of them decode fast")
    }

    /// Keys are looked for in sorted order first; in any other order they decode the same.
    @Test func keysInAnyOrderDecodeTheSame() {
        let sorted = #"{"conversation":{"assignee":"sara","channel":"Main","contact":{"id":"k","name":"N","phone":"+9665"},"id":"c","status":"open","tags":["vip"],"unread":2},"id":"e","message":{"body":"hi","direction":"inbound","type":"text"},"time":"2026-03-17T12:00:00Z","type":"message.received"}"#
        let shuffled = #"{"type":"message.received","time":"2026-03-17T12:00:00Z","message":{"type":"text","direction":"inbound","body":"hi"},"id":"e","conversation":{"unread":2,"tags":["vip"],"status":"open","id":"c","contact":{"phone":"+9665","name":"N","id":"k"},"channel":"Main","assignee":"sara"}}"#
        let expected = Self.reference(sorted)
        #expect(expected != nil)
        #expect(EventLineDecoder.decode(Data(sorted.utf8)) == expected)
        #expect(EventLineDecoder.decode(Data(shuffled.utf8)) == expected)
        // A key that only starts like a known one is not taken for it.
        let longer = sorted.replacingOccurrences(of: #""channel":"#, with: #""channelx":"#)
        #expect(EventLineDecoder.decode(Data(longer.utf8)) == nil)
    }

    /// Random damage to valid lines: whatever the fast decoder accepts, JSONDecoder accepts
    /// as the same event.
    @Test func damagedLinesNeverDecodeDifferently() throws {
        let lines = try Self.lines().filter { Self.reference($0) != nil }
        var random = SeededRandom(seed: 2026)
        let inserts: [UInt8] = Array(#"{}[]:,"\ 0123456789.-eEnulltrfa"#.utf8) + [0x0A, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for round in 0..<20_000 {
            var bytes = Array(lines[Int.random(in: 0..<lines.count, using: &random)].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(inserts[Int.random(in: 0..<inserts.count, using: &random)], at: at)
                case 2: bytes[at] = inserts[Int.random(in: 0..<inserts.count, using: &random)]
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...12, using: &random)))
                }
            }
            let data = Data(bytes)
            guard let decoded = EventLineDecoder.decode(data) else { continue }
            accepted += 1
            #expect(decoded == (try? JSONDecoder().decode(Event.self, from: data)), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(accepted > 100, "some damage leaves a valid event (a changed letter in a body)")
    }
}
