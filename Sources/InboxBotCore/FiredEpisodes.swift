import Foundation

/// Fired episodes by their timers' firing ids (`TimerRecord.firingID`), with when each fired.
///
/// A replay's fired episodes number in the tens of thousands, keyed by strings of some 60
/// bytes, and each event looks some up. As a `[String: Date]`, every probe hashed the key with
/// SipHash and compared bytes, and every growth hashed them all again; as a dictionary of
/// keys carrying their own hash, each probe still went through `Hasher`. Here an
/// open-addressing table keeps each key's hash: a probe compares numbers first, and growing
/// moves numbers.
///
/// The hash reads the key a word at a time, seeded per process as `Hasher` is, so which
/// keys (made of ids from outside) share a hash differs from run to run.
struct FiredEpisodes: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        /// The episode's place in `firingIDs` and `times`; -1 for an empty slot.
        var entry: Int32 = -1
    }

    /// A power of two, at least twice `count`; empty before the first episode.
    private var slots: [Slot] = []
    private var firingIDs: [String] = []
    private var times: [Date] = []

    var count: Int { firingIDs.count }

    /// When the episode of this firing id fired; nil if it has not.
    func firedAt(_ firingID: String) -> Date? {
        entry(of: firingID, hash: Self.hash(of: firingID)).map { times[$0] }
    }

    /// Records that the episode fired at `time` (a later firing of it replaces the time).
    mutating func record(_ firingID: String, at time: Date) {
        let hash = Self.hash(of: firingID)
        if let entry = entry(of: firingID, hash: hash) { return times[entry] = time }
        if (count + 1) * 2 > slots.count { grow() }
        place(Slot(hash: hash, entry: Int32(truncatingIfNeeded: count)))
        firingIDs.append(firingID)
        times.append(time)
    }

    /// Forgets the episodes that fired before `time`; returns how many.
    mutating func forget(before time: Date) -> Int {
        let kept = times.indices.filter { times[$0] >= time }
        guard kept.count < count else { return 0 }
        var remaining = FiredEpisodes()
        for index in kept { remaining.record(firingIDs[index], at: times[index]) }
        let forgotten = count - kept.count
        self = remaining
        return forgotten
    }

    private func entry(of firingID: String, hash: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].entry >= 0 {
            let slot = slots[index]
            if slot.hash == hash, firingIDs[Int(slot.entry)] == firingID { return Int(slot.entry) }
            index = (index + 1) & mask
        }
        return nil
    }

    private mutating func place(_ slot: Slot) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: slot.hash) & mask
        while slots[index].entry >= 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: max(64, old.count * 2))
        for slot in old where slot.entry >= 0 { place(slot) }
    }

    static func hash(of firingID: String) -> UInt64 {
        var firingID = firingID
        return firingID.withUTF8 { hash($0) }
    }

    /// This process's seed, from `Hasher`'s own random one.
    private static let seed: UInt64 = {
        var hasher = Hasher()
        hasher.combine(UInt8(0))
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }()

    /// Eight bytes a step, each mixed by a multiplication, the last word zero-padded and the
    /// length mixed into the seed; then MurmurHash3's finalizer, so every bit of the input
    /// reaches every bit of the hash (the low ones pick a slot).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = seed ^ (UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        ByteWords.forEach(in: bytes) { hash = mixed(hash ^ $0) }
        return finalized(hash)
    }

    @inline(__always)
    private static func mixed(_ value: UInt64) -> UInt64 {
        let multiplied = value &* 0xBF58_476D_1CE4_E5B9
        return multiplied ^ (multiplied >> 31)
    }

    @inline(__always)
    private static func finalized(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }
}
