/// The waits of timed rules that one event starts and ends. Cancellations apply first.
/// A timer is armed unless one of the same rule and kind is already pending on the
/// conversation (the wait began earlier), or its episode has already fired.
public struct TimerChanges: Sendable {
    public var conversationID: String
    public var arm: [TimerRecord] = [] {
        didSet { armsUnfired = false }
    }
    /// Waits that end: a rule's timers of one kind (`idle`, `customer_silent`, …) on the conversation.
    public var cancel: [(ruleID: String, kind: String)] = []
    /// Whether `arm` holds no episode that had fired when these changes were worked out
    /// (`timerChanges(after:fromBot:waits:)`), so the queue need not look again; any change
    /// to `arm` clears it.
    var armsUnfired = false

    public init(conversationID: String) {
        self.conversationID = conversationID
    }

    public var isEmpty: Bool { arm.isEmpty && cancel.isEmpty }

    /// No changes, for another conversation, with the room of these kept.
    mutating func reset(conversationID: String) {
        self.conversationID = conversationID
        // Emptied only when used: emptying goes through a generic replaceSubrange, and most
        // events arm and end nothing.
        if !arm.isEmpty { arm.removeAll(keepingCapacity: true) }
        if !cancel.isEmpty { cancel.removeAll(keepingCapacity: true) }
        armsUnfired = false
    }
}

extension TimerChanges {
    /// These changes and then `later`'s, as one set that gives the same result: a wait
    /// `later` ends is not armed by these.
    public func followed(by later: TimerChanges) -> TimerChanges {
        var combined = self
        combined.arm.removeAll { armed in later.cancel.contains { $0.ruleID == armed.ruleID && $0.kind == armed.kind } }
        combined.arm += later.arm
        combined.cancel += later.cancel
        combined.armsUnfired = armsUnfired && later.armsUnfired
        return combined
    }
}
