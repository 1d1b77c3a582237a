import Foundation

/// A binary min-heap of timers by due time (then key), for `TimerQueue`. Entries are not
/// removed when a timer is cancelled; the queue skips those it no longer holds.
struct TimerHeap: Sendable {
    struct Entry: Sendable {
        var dueAt: Date
        /// The timer's firing id (`TimerRecord.firingID`): its key after a prefix all share,
        /// so firing ids sort as the keys do.
        var firingID: String
        /// Where the timer waits in the queue: its conversation's place, and its serial there.
        var place: Int
        var serial: Int
        /// The key's first eight bytes (past the prefix), big-endian and padded with zeros,
        /// when the firing id is ASCII (`asciiKey`); timers of one moment are many, and most
        /// keys differ in them.
        fileprivate let keyPrefix: UInt64
        fileprivate let asciiKey: Bool

        init(dueAt: Date, firingID: String, place: Int, serial: Int) {
            self.dueAt = dueAt
            self.firingID = firingID
            self.place = place
            self.serial = serial
            // Read from the id's storage: through `utf8`'s iterator, it cost a look per byte.
            let read = firingID.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, Bool) in
                // Eight bytes at a time: a byte outside ASCII has its high bit set.
                let raw = UnsafeRawBufferPointer(bytes)
                var high: UInt64 = 0, offset = 0
                while offset + 8 <= raw.count {
                    high |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                for place in offset..<raw.count { high |= UInt64(raw[place]) }
                let key = min(TimerRecord.firingPrefix.utf8.count, raw.count)
                var prefix: UInt64 = 0
                for place in 0..<min(8, raw.count - key) { prefix |= UInt64(raw[key + place]) << (56 - 8 * place) }
                return (prefix, high & 0x8080_8080_8080_8080 == 0)
            }
            // An id not stored contiguously is compared as a string.
            (keyPrefix, asciiKey) = read ?? (0, false)
        }

        /// Whether this entry comes first: sooner, or as soon and its key sorts first, as
        /// `String` sorts keys. ASCII keys sort by their bytes, so a differing first eight
        /// decide; any other pair is compared as strings.
        func precedes(_ other: borrowing Entry) -> Bool {
            if dueAt != other.dueAt { return dueAt < other.dueAt }
            guard asciiKey, other.asciiKey else { return firingID < other.firingID }
            if keyPrefix != other.keyPrefix { return keyPrefix < other.keyPrefix }
            return Self.bytesPrecede(firingID, other.firingID)
        }

        /// Whether ASCII `key` sorts before `other` byte by byte, as `String` sorts them.
        private static func bytesPrecede(_ key: String, _ other: String) -> Bool {
            let ordered = key.utf8.withContiguousStorageIfAvailable { left in
                other.utf8.withContiguousStorageIfAvailable { right -> Bool in
                    let common = min(left.count, right.count)
                    if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
                        let difference = memcmp(leftBase, rightBase, common)
                        if difference != 0 { return difference < 0 }
                    }
                    return left.count < right.count
                }
            }
            // Keys are native strings, stored contiguously; any other is compared as a string.
            return (ordered ?? nil) ?? (key < other)
        }
    }

    private(set) var entries: [Entry] = []

    var first: Entry? { entries.first }
    /// When the soonest entry is due, without copying the entry (and retaining its id).
    var firstDueAt: Date? { entries.isEmpty ? nil : entries[0].dueAt }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        // Compared where they lie: read out of the array, each entry's id was retained.
        entries.withUnsafeMutableBufferPointer { entries in
            var child = entries.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard entries[child].precedes(entries[parent]) else { break }
                entries.swapAt(child, parent)
                child = parent
            }
        }
    }

    @discardableResult
    mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        // Swapped through the buffer: Array's own swap copies both entries (retaining their ids).
        entries.withUnsafeMutableBufferPointer { $0.swapAt(0, $0.count - 1) }
        let first = entries.removeLast()
        entries.withUnsafeMutableBufferPointer { entries in
            // Bottom up (Floyd): the entry moved to the top came from the bottom and most
            // often belongs there, so it goes down along the sooner child to a leaf, one
            // comparison a level where sifting down costs two, and then up the little it must.
            var node = 0
            while true {
                let left = 2 * node + 1
                guard left < entries.count else { break }
                let right = left + 1
                let child = right < entries.count && entries[right].precedes(entries[left]) ? right : left
                entries.swapAt(node, child)
                node = child
            }
            while node > 0 {
                let parent = (node - 1) / 2
                guard entries[node].precedes(entries[parent]) else { break }
                entries.swapAt(node, parent)
                node = parent
            }
        }
        return first
    }
}
