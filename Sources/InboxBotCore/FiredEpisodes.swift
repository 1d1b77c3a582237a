import Foundation

/// Fired episodes by their timers' firing ids (`TimerRecord.firingID`), with when each fired.
///
/// A replay's fired episodes number in the tens of thousands, keyed by strings of some 60
/// bytes, and each event looks some up: numbered by `IDNumbers`, not hashed by `Hasher`
/// (as a dictionary, through SipHash, every probe and every growth).
struct FiredEpisodes: Sendable {
    private var firingIDs = IDNumbers()
    /// By the firing id's number.
    private var times: [Date] = []

    var count: Int { times.count }

    /// When the episode of this firing id fired; nil if it has not.
    func firedAt(_ firingID: String) -> Date? {
        firingIDs.number(of: firingID).map { times[$0] }
    }

    /// Records that the episode fired at `time` (a later firing of it replaces the time).
    mutating func record(_ firingID: String, at time: Date) {
        let (number, inserted) = firingIDs.insert(firingID)
        if inserted { times.append(time) } else { times[number] = time }
    }

    /// Forgets the episodes that fired before `time`; returns how many.
    mutating func forget(before time: Date) -> Int {
        let kept = times.indices.filter { times[$0] >= time }
        guard kept.count < count else { return 0 }
        var remaining = FiredEpisodes()
        for number in kept { remaining.record(firingIDs.ids[number], at: times[number]) }
        let forgotten = count - kept.count
        self = remaining
        return forgotten
    }
}
