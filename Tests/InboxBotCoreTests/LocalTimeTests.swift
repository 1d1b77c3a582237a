import Foundation
import InboxBotCore
import Testing

@Suite struct LocalTimeTests {
    static let riyadh = TimeZone(identifier: "Asia/Riyadh")!
    /// Tuesday 2026-03-17 12:00 in Riyadh.
    static let now = Date(timeIntervalSince1970: 1_773_738_000)

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
