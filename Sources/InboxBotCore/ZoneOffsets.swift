import Foundation

/// A time zone's offsets from UTC, worked out once as a table of the moments they change,
/// so that a calendar reads local time without asking the zone: Foundation asks ICU, under
/// a lock, on every call, and calendars are read for every event, timer and per-day `once`.
///
/// The table covers 1970 to 2100; moments outside it ask the zone.
struct ZoneOffsets: Sendable {
    let zone: TimeZone
    /// The moments (seconds since 1970) the offset changes, ascending, from `coveredFrom`.
    private let changes: [Int]
    /// The offset from each change on; `offsets[0]` holds from `coveredFrom`.
    private let offsets: [Int]

    static let coveredFrom = 0
    static let coveredUntil = 4_102_444_800  // 2100-01-01T00:00:00Z

    init(_ zone: TimeZone) {
        self.zone = zone
        var changes = [Self.coveredFrom]
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.coveredFrom)))]
        var moment = Date(timeIntervalSince1970: Double(Self.coveredFrom))
        while let next = zone.nextDaylightSavingTimeTransition(after: moment), next.timeIntervalSince1970 < Double(Self.coveredUntil), next > moment {
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets[offsets.count - 1] {
                changes.append(next.timeIntervalSince1970.clampedInt())
                offsets.append(offset)
            }
            moment = next
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// The zone's offset from UTC, in seconds, at `seconds` since 1970.
    func offset(at seconds: Int) -> Int {
        guard seconds >= Self.coveredFrom, seconds < Self.coveredUntil else {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        // The last change at or before the moment.
        var low = 0, high = changes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if changes[middle] <= seconds { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }
}
