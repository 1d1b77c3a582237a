import Foundation

/// Timers kept in memory under the state store's rules, for rule tests, replays and the
/// in-memory store: a change's cancellations come first; a timer is armed unless one of the
/// same rule and kind already waits on its conversation, or its episode has fired; due
/// timers come out soonest first, and each fires once.
public struct TimerQueue: Sendable {
    private var waiting: [String: TimerRecord] = [:]
    /// Fired episodes, with when they fired, so that none fires twice (until pruned).
    private var fired: [String: Date] = [:]
    /// No timer is due before this; it may be early after a cancellation, which costs only a search.
    private var earliestDue = Date.distantFuture

    public init() {}

    public var count: Int { waiting.count }

    public mutating func apply(_ changes: TimerChanges) {
        for (ruleID, kind) in changes.cancel {
            waiting = waiting.filter { !($0.value.conversationID == changes.conversationID && $0.value.ruleID == ruleID && $0.value.kind == kind) }
        }
        for timer in changes.arm where fired[timer.key] == nil && !waiting.values.contains(where: {
            $0.conversationID == timer.conversationID && $0.ruleID == timer.ruleID && $0.kind == timer.kind
        }) {
            waiting[timer.key] = timer
            earliestDue = min(earliestDue, timer.dueAt)
        }
    }

    /// Timers due by `time`, soonest first, left waiting.
    public func due(by time: Date, limit: Int = .max) -> [TimerRecord] {
        guard earliestDue <= time else { return [] }
        return Array(waiting.values.filter { $0.dueAt <= time }.sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }.prefix(limit))
    }

    /// Marks a timer fired: it waits no more, and its episode is never armed again.
    public mutating func markFired(_ key: String, at time: Date) {
        guard waiting.removeValue(forKey: key) != nil else { return }
        fired[key] = time
        earliestDue = waiting.values.map(\.dueAt).min() ?? .distantFuture
    }

    /// The soonest timer due by `time`, taken out and marked fired.
    public mutating func takeNext(dueBy time: Date) -> TimerRecord? {
        guard let next = due(by: time, limit: 1).first else { return nil }
        markFired(next.key, at: time)
        return next
    }

    /// Forgets fired episodes older than `time`; returns how many.
    public mutating func pruneFired(before time: Date) -> Int {
        let before = fired.count
        fired = fired.filter { $0.value >= time }
        return before - fired.count
    }
}
