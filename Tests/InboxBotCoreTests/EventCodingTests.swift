import Foundation
import Testing
@testable import InboxBotCore

@Suite struct EventCodingTests {
    /// The example from the event-model specification, verbatim.
    static let specificationExample = """
        {"id":"evt-1","type":"message.received","time":"2026-03-17T12:00:00Z",
         "conversation":{"id":"c-1","status":"open","tags":["vip"],"unread":2,"channel":"Main Line","assignee":null,
           "contact":{"name":"John Doe","phone":"+966500111222"},
           "last_inbound_at":"2026-03-17T12:00:00Z","last_outbound_at":"2026-03-17T09:10:00Z"},
         "message":{"direction":"inbound","type":"text","body":"I want a refund"}}
        """

    @Test func decodesTheSpecificationExample() throws {
        let event = try JSONDecoder().decode(Event.self, from: Data(Self.specificationExample.utf8))
        #expect(event.id == "evt-1")
        #expect(event.type == .messageReceived)
        #expect(event.time == Fixtures.time("2026-03-17T12:00:00Z"))
        #expect(event.conversation.tags == ["vip"])
        #expect(event.conversation.unread == 2)
        #expect(event.conversation.channel.name == "Main Line")
        #expect(event.conversation.assignee == nil)
        #expect(event.conversation.contact.phone == "+966500111222")
        #expect(event.conversation.lastOutboundAt == Fixtures.time("2026-03-17T09:10:00Z"))
        #expect(event.message?.body == "I want a refund")
        #expect(event.direction == .inbound)
    }

    @Test func decodesACallEvent() throws {
        let json = """
            {"id":"evt-2","type":"call.missed","time":"2026-03-17T12:00:00+03:00","conversation":{"id":"c-1"},
             "call":{"direction":"inbound","status":"missed","duration_seconds":0}}
            """
        let event = try JSONDecoder().decode(Event.self, from: Data(json.utf8))
        #expect(event.call == Call(direction: .inbound, status: .missed, durationSeconds: 0))
        #expect(event.time == Fixtures.time("2026-03-17T09:00:00Z"))
        #expect(event.conversation.status == .open)
    }

    @Test func roundTripsThroughJSON() throws {
        var event = Fixtures.message("مرحبا")
        event.conversation = ConversationSnapshot(
            id: "c-9", platform: "hatif", status: .pending, tags: ["a", "b"], unread: 3,
            channel: Channel(id: "ch-1", name: "Main"), assignee: "sara@acme.sa",
            contact: Contact(id: "k-1", name: "Sara", phone: "+966500000000", properties: ["tier": "gold"]),
            createdAt: Fixtures.time("2026-03-01T00:00:00Z"), lastInboundAt: Fixtures.time("2026-03-17T11:59:59.5Z"))
        event.metadata = ["platform_event_id": "42"]
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(Event.self, from: data) == event)
    }

    @Test func rejectsAnUnknownKeyWithAHint() {
        let json = #"{"id":"e","type":"message.received","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"},"message":{"direction":"inbound","bodyy":"x"}}"#
        #expect {
            try JSONDecoder().decode(Event.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("unknown key 'bodyy' in message; did you mean 'body'?")
        }
    }

    @Test func requiresTheMessagePartOnMessageEvents() {
        let json = #"{"id":"e","type":"message.received","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#
        #expect {
            try JSONDecoder().decode(Event.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("a message.received event needs a 'message' object")
        }
    }

    @Test func rejectsAnUnknownEventType() {
        let json = #"{"id":"e","type":"message.recieved","time":"2026-03-17T12:00:00Z","conversation":{"id":"c"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Event.self, from: Data(json.utf8)) }
    }

    @Test func rejectsATimeThatIsNotRFC3339() {
        let json = #"{"id":"e","type":"conversation.closed","time":"17/03/2026","conversation":{"id":"c"}}"#
        #expect {
            try JSONDecoder().decode(Event.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("RFC 3339")
        }
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-17T12:00:00Z", 1_773_748_800.0),
        ("2026-03-17T15:00:00+03:00", 1_773_748_800.0),
        ("2026-03-17T12:00:00.250Z", 1_773_748_800.25),
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-02-29T23:59:59-01:30", 1_709_256_599.0),
        ("2026-03-17t12:00:00z", 1_773_748_800.0),
        ("2026-03-17 12:00:00Z", 1_773_748_800.0),
    ])
    func parses(_ text: String, _ seconds: Double) {
        #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["", "2026-03-17", "2026-02-30T00:00:00Z", "2026-03-17T25:00:00Z", "2026-03-17T12:00:00", "2026-03-17T12:00:00Zjunk", "2026-03-17T12:00:00.Z",
                       "2026-3-17T12:00:00Z", "2026-03-17T12:00:00+03", "2026-03-17T12:00:00+0300", "2026-03-17T12:00:00+03:00x", "2026-03-17_12:00:00Z"])
    func rejects(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800)) == "2026-03-17T12:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800.25)) == "2026-03-17T12:00:00.250Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        // Never rounded up into the next second (which once printed it a second early).
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800.9996)) == "2026-03-17T12:00:00.999Z")
    }

    @Test func formattingKeepsTheOrderOfTimes() {
        var previous = ""
        for step in 0..<5000 {
            let text = Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800 + Double(step) * 0.000_37))
            #expect(Timestamp.parse(text).map { $0.timeIntervalSince1970 } ?? 0 >= (Timestamp.parse(previous)?.timeIntervalSince1970 ?? 0))
            previous = text
        }
    }

    @Test func civilDatesRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 2026, month: 3, day: 17).weekday == 2)
    }
}
