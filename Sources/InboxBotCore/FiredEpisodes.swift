import Foundation

/// One conversation's fired episodes by their timers' firing ids (`TimerRecord.firingID`),
/// with when each fired.
///
/// Kept with the conversation's waits (`TimerQueue`), which an event reads anyway: a table
/// of every conversation's episodes (tens of thousands of 60-byte ids in a replay) cost a
/// cache miss or three per lookup. A conversation has a few; each is found by a word of its
/// id's end and its length first, so a list of hundreds is still a scan of numbers.
struct FiredEpisodes: Sendable {
    private struct Episode: Sendable {
        var tail: UInt64
        var firingID: String
        var firedAt: Date
    }

    private var episodes: [Episode] = []

    var count: Int { episodes.count }

    /// When the episode of this firing id fired; nil if it has not.
    func firedAt(_ firingID: String) -> Date? {
        index(of: firingID, tail: Self.tail(of: firingID)).map { episodes[$0].firedAt }
    }

    /// Records that the episode fired at `time` (a later firing of it replaces the time).
    mutating func record(_ firingID: String, at time: Date) {
        let tail = Self.tail(of: firingID)
        if let index = index(of: firingID, tail: tail) {
            episodes[index].firedAt = time
        } else {
            // Room for a few at first: grown one by one, most appends were a new buffer.
            if episodes.capacity == 0 { episodes.reserveCapacity(4) }
            episodes.append(Episode(tail: tail, firingID: firingID, firedAt: time))
        }
    }

    /// Forgets the episodes that fired before `time`; returns how many.
    mutating func forget(before time: Date) -> Int {
        let before = episodes.count
        episodes.removeAll { $0.firedAt < time }
        return before - episodes.count
    }

    private func index(of firingID: String, tail: UInt64) -> Int? {
        // Over indices: a closure would copy each episode to look at its tail.
        for index in episodes.indices where episodes[index].tail == tail && episodes[index].firingID == firingID { return index }
        return nil
    }

    /// The id's last eight bytes (all of a shorter one, zero-padded) with its length: the
    /// ids of one conversation differ most at the end, in the episode's time or event id.
    static func tail(of id: String) -> UInt64 {
        id.withUTF8Bytes { bytes in
            let last = ByteWords.word(in: bytes, at: bytes.count - 8) ?? {
                var word: UInt64 = 0
                ByteWords.forEach(in: bytes) { word = $0 }
                return word
            }()
            return ByteWords.mixed(last, UInt64(truncatingIfNeeded: bytes.count))
        }
    }
}
