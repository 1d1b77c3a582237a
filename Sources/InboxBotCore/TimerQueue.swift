import Foundation

/// Timers kept in memory under the state store's rules, for rule tests, replays and the
/// in-memory store: a change's cancellations come first; a timer is armed unless one of the
/// same rule and kind already waits on its conversation, or its episode has fired; due
/// timers come out soonest first, and each fires once.
///
/// Arming, cancelling and firing are O(1) or O(log n) in the timers waiting: a replay of a
/// month arms and ends hundreds of thousands of waits. The waits of one conversation (one per
/// rule and kind, a handful) sit together, found by one lookup of its id per event; the heap
/// finds a conversation's waits by place, without hashing.
public struct TimerQueue: Sendable {
    /// A waiting timer, with its kind worked out once and the serial its heap entry carries.
    fileprivate struct Waiting: Sendable {
        var timer: TimerRecord
        var kind: String
        var serial: Int
    }

    /// One conversation's timers: those waiting, and the episodes fired (by their firing
    /// ids, with when they fired, so that none fires twice until pruned), side by side.
    fileprivate struct ConversationTimers: Sendable {
        var waiting: [Waiting] = []
        var fired = FiredEpisodes()
    }

    /// Each conversation's place in `conversations`; a place is never reused.
    private var places: [String: Int] = [:]
    private var conversations: [ConversationTimers] = []
    /// Waiting timers by due time; entries of timers no longer waiting are skipped.
    private var heap = TimerHeap()
    private var nextSerial = 0
    /// Timers ended without firing, kept for `takeEnded()` when the queue `keepsEnded`.
    private var ended: [TimerRecord] = []
    /// Whether timers ended without firing are kept for `takeEnded()` rather than freed at
    /// once: a replay frees them (and the events they hold) on another core.
    let keepsEnded: Bool

    public init() {
        self.init(keepsEnded: false)
    }

    init(keepsEnded: Bool) {
        self.keepsEnded = keepsEnded
    }

    /// The timers ended without firing since the last call (with `keepsEnded`).
    mutating func takeEnded() -> [TimerRecord] {
        var taken: [TimerRecord] = []
        swap(&taken, &ended)
        return taken
    }

    public private(set) var count = 0

    /// The waits on one conversation, to ask about many rules with one lookup.
    public struct Waits: Sendable {
        /// The conversation's timers (shared, not copied, while the queue does not change them).
        fileprivate let timers: ConversationTimers
        fileprivate let conversationID: String
        /// The conversation's place, for `apply(_:to:)` to use without looking it up again
        /// (a place, once given, stays the conversation's).
        fileprivate let place: Int?

        /// Whether a rule's wait of a kind waits here (then arming it again does nothing).
        public func contains(ruleID: String, kind: String) -> Bool {
            TimerQueue.index(in: timers.waiting, ruleID: ruleID, kind: kind) != nil
        }

        /// Whether the timer's episode has fired (then arming it again does nothing).
        public func hasFired(_ timer: TimerRecord) -> Bool {
            hasFired(firingID: timer.firingID)
        }

        /// Whether the timer of this firing id (`TimerRecord.firingID`) has fired.
        func hasFired(firingID: String) -> Bool {
            timers.fired.firedAt(firingID) != nil
        }
    }

    /// Hold the result no longer than the queue stays unchanged: a change to the
    /// conversation's timers while it is held would copy them.
    public func waits(on conversationID: String) -> Waits {
        let place = places[conversationID]
        return Waits(timers: place.map { conversations[$0] } ?? ConversationTimers(), conversationID: conversationID, place: place)
    }

    /// The waits on a conversation at a place the caller gives, for a caller that numbers its
    /// conversations itself (a replay, which finds each event's once): no id is hashed here.
    /// A queue is asked by the caller's places or by ids, never both.
    func waits(on conversationID: String, at place: Int) -> Waits {
        Waits(timers: conversations.indices.contains(place) ? conversations[place] : ConversationTimers(),
              conversationID: conversationID, place: place)
    }

    public mutating func apply(_ changes: consuming TimerChanges) {
        var changes = changes
        let known = places[changes.conversationID]
        apply(&changes, knownPlace: known)
    }

    /// `changes`, given the conversation's `waits` read before: its place is known, so its
    /// id is not hashed again (looked up only when it had none then, or the waits are another's).
    /// The waits are taken: held, they would share the conversation's list, and each change
    /// to it would copy it. The changes are taken too: their timers are moved into the queue.
    public mutating func apply(_ changes: consuming TimerChanges, to waits: consuming Waits) {
        var changes = changes
        apply(&changes, to: waits)
    }

    /// The same, with the armed timers moved out of `changes`, which keeps its room for the
    /// next event's (`CompiledRuleSet.timerChanges(after:fromBot:waits:into:)`): a replay
    /// works them out for every event, and made each event's list anew.
    mutating func apply(_ changes: inout TimerChanges, to waits: consuming Waits) {
        let known = waits.conversationID == changes.conversationID ? waits.place : nil
        _ = consume waits
        let place = known ?? places[changes.conversationID]
        apply(&changes, knownPlace: place)
    }

    private mutating func apply(_ changes: inout TimerChanges, knownPlace: Int?) {
        guard !changes.isEmpty else { return }
        let place: Int
        if let known = knownPlace {
            if known >= conversations.count {
                // A caller's place (`waits(on:at:)`) not used before: nothing waits there to end.
                guard !changes.arm.isEmpty else { return }
                conversations.append(contentsOf: repeatElement(ConversationTimers(), count: known + 1 - conversations.count))
            }
            place = known
        } else {
            guard !changes.arm.isEmpty else { return }
            place = conversations.count
            places[changes.conversationID] = place
            conversations.append(ConversationTimers())
        }
        for (ruleID, kind) in changes.cancel {
            if let index = Self.index(in: conversations[place].waiting, ruleID: ruleID, kind: kind) {
                let cancelled = conversations[place].waiting.remove(at: index).timer
                if keepsEnded { ended.append(cancelled) }
                count -= 1
            }
        }
        // Moved out, first to last, not copied: a timer holds the event that armed it.
        let unfired = changes.armsUnfired
        changes.arm.withUnsafeMutableBufferPointer { $0.reverse() }  // in place: Array's own swaps copy each timer
        while let timer = changes.arm.popLast() {
            guard unfired || conversations[place].fired.firedAt(timer.firingID) == nil else { continue }
            let kind = timer.kindName
            guard Self.index(in: conversations[place].waiting, ruleID: timer.ruleID, kind: kind) == nil else { continue }
            nextSerial += 1
            count += 1
            heap.push(.init(dueAt: timer.dueAt, firingID: timer.firingID, place: place, serial: nextSerial))
            // Room for a few at first: grown one by one, most appends were a new buffer.
            if conversations[place].waiting.capacity == 0 { conversations[place].waiting.reserveCapacity(4) }
            // Its last use: moved into the list.
            conversations[place].waiting.append(Waiting(timer: timer, kind: kind, serial: nextSerial))
        }
    }

    /// Timers due by `time`, soonest first, left waiting.
    public func due(by time: Date, limit: Int = .max) -> [TimerRecord] {
        if let first = heap.first, first.dueAt > time, waitingIndex(of: first) != nil { return [] }
        let due = conversations.lazy.flatMap(\.waiting).map(\.timer).filter { $0.dueAt <= time }
        return Array(due.sorted { ($0.dueAt, $0.firingID) < ($1.dueAt, $1.firingID) }.prefix(limit))
    }

    /// Marks a timer fired: it waits no more, and its episode is never armed again. O(n): the
    /// state store that lists due timers names them by key alone.
    public mutating func markFired(_ key: String, at time: Date) {
        for place in conversations.indices {
            guard let index = conversations[place].waiting.firstIndex(where: { $0.timer.hasKey(key) }) else { continue }
            fire(place, index, at: time)
            return
        }
    }

    /// The soonest timer due by `time`, taken out and marked fired.
    public mutating func takeNext(dueBy time: Date) -> TimerRecord? {
        takePlacedNext(dueBy: time)?.timer
    }

    /// `takeNext(dueBy:)`, with the place of the timer's conversation (the caller's, with `waits(on:at:)`).
    mutating func takePlacedNext(dueBy time: Date) -> (timer: TimerRecord, place: Int)? {
        // Asked before every replayed event: when the soonest entry is not due, nothing is,
        // and neither it nor its conversation's waits are looked at.
        while let dueAt = heap.firstDueAt, dueAt <= time, let first = heap.popFirst() {
            // A cancelled (or re-armed) timer's entry is stale: dropped, and the next looked at.
            guard let index = waitingIndex(of: first) else { continue }
            return (fire(first.place, index, at: time), first.place)
        }
        return nil
    }

    /// Takes a timer out of its conversation's list, and remembers its episode as fired.
    @discardableResult
    private mutating func fire(_ place: Int, _ index: Int, at time: Date) -> TimerRecord {
        let timer = conversations[place].waiting.remove(at: index).timer
        count -= 1
        conversations[place].fired.record(timer.firingID, at: time)
        return timer
    }

    /// Where a rule's wait of a kind sits in a conversation's list. A loop over indices: a
    /// closure would copy each timer (and the event it holds) to look at two of its fields.
    private static func index(in waiting: [Waiting], ruleID: String, kind: String) -> Int? {
        for index in waiting.indices where waiting[index].timer.ruleID == ruleID && waiting[index].kind == kind { return index }
        return nil
    }

    /// Where the heap entry's timer waits in its conversation's list; nil once it waits no more.
    private func waitingIndex(of entry: TimerHeap.Entry) -> Int? {
        let waiting = conversations[entry.place].waiting
        for index in waiting.indices where waiting[index].serial == entry.serial { return index }
        return nil
    }

    /// Forgets fired episodes older than `time`; returns how many.
    public mutating func pruneFired(before time: Date) -> Int {
        conversations.indices.reduce(0) { $0 + conversations[$1].fired.forget(before: time) }
    }
}
