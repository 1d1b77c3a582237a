import Foundation
import InboxBotCore
import Testing

@Suite struct LocalTimeTests {
    static let riyadh = TimeZone(identifier: "Asia/Riyadh")!
    /// Tuesday 2026-03-17 12:00 in Riyadh.
    static let now = Date(timeIntervalSince1970: 1_773_738_000)

    /// A time printed, read back and printed again prints the same, at every millisecond
    /// (a read-back `Date` can sit a hair under its millisecond); the printed forms stay.
    @Test func timestampsSurviveBeingReadBack() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800)) == "2026-03-17T12:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800.25)) == "2026-03-17T12:00:00.250Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_773_748_800.2509)) == "2026-03-17T12:00:00.250Z", "cut down, not rounded")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.999Z")
        var drifted = 0
        // Spread over 1970 to 2096, where the parts below a millisecond differ.
        for step in 0..<20_000 {
            let milliseconds = step * 199_999_999_977 % 4_000_000_000_000
            let text = Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            guard let read = Timestamp.parse(text) else {
                Issue.record("\(text) does not read back")
                continue
            }
            if Timestamp.format(read) != text { drifted += 1 }
        }
        #expect(drifted == 0)
    }

    @Test func readsTheFormsALeadTypes() {
        func at(_ text: String) -> String? { LocalTime.parse(text, in: Self.riyadh, after: Self.now).map(Timestamp.format) }
        #expect(at("Thu 18:00") == "2026-03-19T15:00:00Z", "the coming Thursday")
        #expect(at("thursday 18:00") == "2026-03-19T15:00:00Z")
        #expect(at("Tue 09:00") == "2026-03-17T06:00:00Z", "today counts, even earlier in the day")
        #expect(at("Mon 09:00") == "2026-03-23T06:00:00Z", "next week's")
        #expect(at("18:00") == "2026-03-17T15:00:00Z", "today")
        #expect(at("2026-03-20 08:30") == "2026-03-20T05:30:00Z")
        #expect(at("2026-03-20T08:30:15") == "2026-03-20T05:30:15Z")
        #expect(at("2026-03-20T08:30:00Z") == "2026-03-20T08:30:00Z", "an exact time keeps its zone")
        for bad in ["", "Thu", "25:00", "Thu 18:60", "2026-02-30 10:00", "Someday 10:00", "Thu 18:00 extra", "99999-01-01 10:00",
                    String(repeating: "9", count: 500) + ":00"] {
            #expect(at(bad) == nil, "\(bad.prefix(20))")
        }
    }
}
