import InboxBotCore

/// A fake platform's simulated customers: one `step` (a message, a new conversation, an agent's
/// move) every `60 / actionsPerMinute` seconds until cancelled; none at a rate of 0.
public protocol FakeTraffic: Actor {
    var actionsPerMinute: Double { get }
    func step() async
}

extension FakeTraffic {
    public func run() async {
        guard actionsPerMinute > 0 else { return }
        while !Task.isCancelled {
            await step()
            try? await Task.sleep(for: .clampedSeconds(60 / actionsPerMinute))
        }
    }
}
