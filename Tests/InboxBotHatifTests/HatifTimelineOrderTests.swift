import Foundation
import Testing
@testable import InboxBotHatif

/// A page of timeline entries put oldest first, whichever order it came in.
@Suite struct HatifTimelineOrderTests {
    static func entries(_ pairs: [(id: String, time: String)]) throws -> [HatifTimelineEvent] {
        let json = "[" + pairs.enumerated().map { #"{"eventId": "\#($1.id)", "creationTime": "\#($1.time)", "sourceType": 2, "body": "n\#($0)"}"# }.joined(separator: ",") + "]"
        return try HatifFixtures.decode([HatifTimelineEvent].self, json)
    }

    @Test func everyOrderComesOutOldestFirstWithTiesInIDOrder() throws {
        let sorted = try Self.entries([
            ("e1", "2026-12-01T10:00:00Z"), ("e2", "2026-12-01T10:00:05Z"), ("e3", "2026-12-01T10:00:05Z"), ("e4", "2026-12-01T10:01:00Z"),
        ])
        let expected = ["e1", "e2", "e3", "e4"]
        #expect(HatifTimelineEvent.inChronologicalOrder(sorted).map(\.eventID) == expected)
        #expect(HatifTimelineEvent.inChronologicalOrder(sorted.reversed()).map(\.eventID) == expected)
        #expect(HatifTimelineEvent.inChronologicalOrder([sorted[2], sorted[0], sorted[3], sorted[1]]).map(\.eventID) == expected)
        // Newest first but a tie in the page's own order, not reversed id order: sorted, not reversed.
        #expect(HatifTimelineEvent.inChronologicalOrder([sorted[3], sorted[1], sorted[2], sorted[0]]).map(\.eventID) == expected)
        // The same entry twice (same id and time) stays in the page's order, as a stable sort keeps it.
        let twice = try Self.entries([("e5", "2026-12-01T10:02:00Z"), ("e5", "2026-12-01T10:02:00Z")])
        #expect(HatifTimelineEvent.inChronologicalOrder(twice).map(\.body) == ["n0", "n1"])
        #expect(HatifTimelineEvent.inChronologicalOrder([]).isEmpty)
        #expect(HatifTimelineEvent.inChronologicalOrder([sorted[1]]).map(\.eventID) == ["e2"])
    }
}
