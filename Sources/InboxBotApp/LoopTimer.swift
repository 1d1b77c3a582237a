import InboxBotCore
import NIOCore
import NIOPosix

/// A timeout on one of NIO's event loops, for waits that are mostly cut short (`WorkSignal`).
/// `Task.sleep` is not taken over with the global executor (NIO installs only the enqueue
/// hook): each one arms a timer in Dispatch, whose manager thread and a worker thread wake
/// for it, and again when it expires, cancelled or not.
struct LoopTimer: Sendable {
    private let scheduled: Scheduled<Void>

    /// Runs `fire` on an event loop after `seconds` (held between zero and a day), unless cancelled first.
    init(seconds: Double, _ fire: @escaping @Sendable () -> Void) {
        let microseconds = (seconds * 1_000_000).clampedInt(to: 0...86_400_000_000)
        scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .microseconds(Int64(microseconds)), fire)
    }

    func cancel() {
        scheduled.cancel()
    }
}
