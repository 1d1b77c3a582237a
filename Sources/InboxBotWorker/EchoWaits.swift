import Synchronization

/// Whether the pipeline's last pass left events waiting until the bot's sends in flight on
/// their conversations are known (an outbound message may be the echo of one), or the pass
/// under way may. Only then does an action carried out need to wake the pipeline: otherwise
/// each action cost it a pass.
public final class EchoWaits: Sendable {
    private let waiting = Mutex(false)

    public init() {}

    public var any: Bool { waiting.withLock { $0 } }

    func note(_ any: Bool) {
        waiting.withLock { $0 = any }
    }
}
