import Foundation
import InboxBotCore
import Testing

/// The hand-written event writer against JSONEncoder with `Event`'s `Encodable`: byte for
/// byte the same JSON, over random events with every part set or left out and strings of
/// every awkward kind; and what it writes reads back as the same event.
@Suite struct EventJSONWriterTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Pieces strings are made of: quotes, backslashes, slashes, every control character,
    /// DEL, Arabic, emoji, line and paragraph separators, and plain words.
    static let pieces = ["\"", "\\", "/", "\u{7F}", "فاتورة", "😀", "\u{2028}", "\u{2029}", "é", "Main Line", "a", "Z", "0", "_", "-", " "]
        + (0..<32).map { String(UnicodeScalar(UInt8($0))) }

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    static func text(_ random: inout Generator) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
    }

    static func maybe<T>(_ random: inout Generator, _ make: (inout Generator) -> T) -> T? {
        Bool.random(using: &random) ? make(&random) : nil
    }

    /// A time to the millisecond, as the form keeps them, some on a whole second.
    static func time(_ random: inout Generator) -> Date {
        let milliseconds = Int.random(in: 0...4_000_000_000_000, using: &random)
        return Date(timeIntervalSince1970: Double(Bool.random(using: &random) ? milliseconds / 1000 * 1000 : milliseconds) / 1000)
    }

    static func dictionary(_ random: inout Generator) -> [String: String] {
        var dictionary: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &random) { dictionary[text(&random)] = text(&random) }
        return dictionary
    }

    static func conversation(_ random: inout Generator) -> ConversationSnapshot {
        ConversationSnapshot(
            id: text(&random), platform: maybe(&random, text), status: ConversationStatus.allCases.randomElement(using: &random) ?? .open,
            platformStatus: maybe(&random, text), tags: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) },
            unread: Int.random(in: -5...Int.max, using: &random) >> Int.random(in: 0...62, using: &random),
            channel: Channel(id: maybe(&random, text), name: maybe(&random, text)), assignee: maybe(&random, text), assigneeName: maybe(&random, text),
            contact: Contact(id: maybe(&random, text), name: maybe(&random, text), phone: maybe(&random, text), properties: dictionary(&random)),
            createdAt: maybe(&random, time), assignedAt: maybe(&random, time), lastInboundAt: maybe(&random, time), lastOutboundAt: maybe(&random, time))
    }

    static func event(_ random: inout Generator) -> Event {
        Event(
            id: text(&random), type: EventType.allCases.randomElement(using: &random) ?? .messageReceived, time: time(&random),
            conversation: conversation(&random),
            message: maybe(&random) { random in
                Message(id: maybe(&random, text), direction: Direction.allCases.randomElement(using: &random) ?? .inbound,
                        type: MessageType.allCases.randomElement(using: &random) ?? .text, body: maybe(&random, text),
                        status: maybe(&random) { DeliveryStatus.allCases.randomElement(using: &$0) ?? .sent }, sender: maybe(&random, text))
            },
            call: maybe(&random) { random in
                Call(direction: Direction.allCases.randomElement(using: &random) ?? .inbound, status: CallStatus.allCases.randomElement(using: &random) ?? .missed,
                     durationSeconds: Int.random(in: Int.min...Int.max, using: &random))
            },
            metadata: dictionary(&random))
    }

    @Test func itWritesWhatJSONEncoderWritesByteForByte() throws {
        var random = Generator(state: 16)
        for round in 0..<5_000 {
            let event = Self.event(&random)
            let written = EventJSONWriter.data(event)
            #expect(written == (try Self.encoder.encode(event)), "event \(round)")
            #expect(EventJSONWriter.data(event.conversation) == (try Self.encoder.encode(event.conversation)), "conversation \(round)")
        }
    }

    @Test func whatItWritesReadsBackAsTheSameEvent() throws {
        var random = Generator(state: 17)
        var fast = 0
        for round in 0..<2_000 {
            var event = Self.event(&random)
            // A message or call event must carry one to be read back.
            if event.type.carriesMessage, event.message == nil { event.message = Message(direction: .inbound, body: "hi") }
            if event.type.carriesCall, event.call == nil { event.call = Call(direction: .inbound, status: .missed) }
            // Compared as written: a time read back may differ from the original in bits below a millisecond.
            let written = EventJSONWriter.data(event)
            #expect(EventJSONWriter.data(try JSONDecoder().decode(Event.self, from: written)) == written, "event \(round)")
            if let decoded = EventLineDecoder.decode(written) {
                #expect(EventJSONWriter.data(decoded) == written, "event \(round)")
                fast += 1
            }
        }
        #expect(fast > 100, "events without escapes are read back by the fast decoder")
    }
}
