import Foundation

/// A binary min-heap of timers by due time (then key), for `TimerQueue`. Entries are not
/// removed when a timer is cancelled; the queue skips those it no longer holds.
struct TimerHeap: Sendable {
    struct Entry: Sendable {
        var dueAt: Date
        var key: String
        /// Where the timer waits in the queue: its conversation's place, and its serial there.
        var place: Int
        var serial: Int

        func precedes(_ other: Entry) -> Bool {
            dueAt != other.dueAt ? dueAt < other.dueAt : key < other.key
        }
    }

    private(set) var entries: [Entry] = []

    var first: Entry? { entries.first }
    /// When the soonest entry is due, without copying the entry (and retaining its key).
    var firstDueAt: Date? { entries.isEmpty ? nil : entries[0].dueAt }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
