import Foundation

/// Timers kept in memory under the state store's rules, for rule tests, replays and the
/// in-memory store: a change's cancellations come first; a timer is armed unless one of the
/// same rule and kind already waits on its conversation, or its episode has fired; due
/// timers come out soonest first, and each fires once.
///
/// Every operation is O(1) or O(log n) in the timers waiting: a replay of a month arms and
/// ends hundreds of thousands of waits.
public struct TimerQueue: Sendable {
    private var waiting: [String: TimerRecord] = [:]
    /// Where at most one timer waits: a conversation, a rule and a kind of wait.
    private struct Slot: Hashable, Sendable {
        var conversationID: String
        var ruleID: String
        var kind: Substring
    }

    /// The waiting timer's key per slot.
    private var slots: [Slot: String] = [:]
    /// Waiting timers by due time; entries of timers no longer waiting are skipped.
    private var heap = TimerHeap()
    /// Fired episodes, with when they fired, so that none fires twice (until pruned).
    private var fired: [String: Date] = [:]

    public init() {}

    public var count: Int { waiting.count }

    private static func slot(_ conversationID: String, _ ruleID: String, _ kind: some StringProtocol) -> Slot {
        Slot(conversationID: conversationID, ruleID: ruleID, kind: Substring(kind))
    }

    /// Whether a rule's wait of a kind waits on the conversation (then arming it again does nothing).
    public func isWaiting(conversationID: String, ruleID: String, kind: String) -> Bool {
        slots[Self.slot(conversationID, ruleID, kind)] != nil
    }

    public mutating func apply(_ changes: TimerChanges) {
        for (ruleID, kind) in changes.cancel {
            if let key = slots.removeValue(forKey: Self.slot(changes.conversationID, ruleID, kind)) { waiting.removeValue(forKey: key) }
        }
        for timer in changes.arm where fired[timer.key] == nil {
            let slot = Self.slot(timer.conversationID, timer.ruleID, timer.kind)
            guard slots[slot] == nil else { continue }
            slots[slot] = timer.key
            waiting[timer.key] = timer
            heap.push(.init(dueAt: timer.dueAt, key: timer.key))
        }
    }

    /// Timers due by `time`, soonest first, left waiting.
    public func due(by time: Date, limit: Int = .max) -> [TimerRecord] {
        if let first = heap.first, first.dueAt > time, waiting[first.key]?.dueAt == first.dueAt { return [] }
        return Array(waiting.values.filter { $0.dueAt <= time }.sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }.prefix(limit))
    }

    /// Marks a timer fired: it waits no more, and its episode is never armed again.
    public mutating func markFired(_ key: String, at time: Date) {
        guard let timer = waiting.removeValue(forKey: key) else { return }
        slots.removeValue(forKey: Self.slot(timer.conversationID, timer.ruleID, timer.kind))
        fired[key] = time
    }

    /// The soonest timer due by `time`, taken out and marked fired.
    public mutating func takeNext(dueBy time: Date) -> TimerRecord? {
        while let first = heap.first {
            // A cancelled (or re-armed) timer's entry is stale: drop it and look again.
            guard let timer = waiting[first.key], timer.dueAt == first.dueAt else {
                heap.popFirst()
                continue
            }
            guard first.dueAt <= time else { return nil }
            heap.popFirst()
            markFired(first.key, at: time)
            return timer
        }
        return nil
    }

    /// Forgets fired episodes older than `time`; returns how many.
    public mutating func pruneFired(before time: Date) -> Int {
        let before = fired.count
        fired = fired.filter { $0.value >= time }
        return before - fired.count
    }
}
