import Foundation

/// A rule's timer trigger as `timerChanges` arms it, with what arming needs worked out once:
/// its keyword and its calendar. A class, so that going through the rule set's list for
/// every event retains one reference per trigger, not each of its parts.
final class TimerWait: Sendable {
    let ruleID: String
    /// The rule's place in the rule set, which the timers it arms carry.
    let rulePosition: Int
    let trigger: TimerTrigger
    /// `trigger.kind.keyword`.
    let keyword: String
    /// The calendar business time is counted in: nil for plain time, `.some(nil)` for a
    /// calendar the rule set does not define (such a wait is never armed).
    let calendar: BusinessCalendar??

    init(ruleID: String, rulePosition: Int, trigger: TimerTrigger, calendars: [String: BusinessCalendar]) {
        self.ruleID = ruleID
        self.rulePosition = rulePosition
        self.trigger = trigger
        keyword = trigger.kind.keyword
        calendar = trigger.calendar.map { calendars[$0] }
    }

    /// When a wait that starts at `start` is over: plain time, or business time in the calendar.
    func dueDate(from start: Date) -> Date? {
        switch calendar {
        case nil: start.addingTimeInterval(TimeInterval(trigger.after.seconds))
        case let calendar??: calendar.date(afterBusinessSeconds: trigger.after.seconds, from: start)
        case .some(nil): nil
        }
    }
}
