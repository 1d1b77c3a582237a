import Foundation

/// How many actions the bot may take on one conversation in a window, so that a rule
/// mistake cannot flood a customer. The default, 10 an hour, is far above what any sound
/// rule set needs on one conversation.
public struct ActionBudget: Sendable, Hashable {
    public var maximumActions: Int
    public var windowSeconds: Double

    public init(maximumActions: Int = 10, windowSeconds: Double = 3600) {
        self.maximumActions = maximumActions
        self.windowSeconds = windowSeconds
    }

    /// Where the window that ends at `now` begins: actions from then on count.
    func windowStart(at now: Date) -> Date {
        now.addingTimeInterval(-windowSeconds)
    }
}
