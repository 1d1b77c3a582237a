/// What a `NOTIFY` on a schema's channel says: which queue has new work, in which shards
/// (`inbox 3,17`, `outbox 5`), so that only the workers holding them look.
public struct Wakeup: Sendable, Equatable {
    public enum Queue: String, Sendable {
        case inbox, outbox
    }

    public let queue: Queue
    public let shards: Set<Int>

    public init(queue: Queue, shards: Set<Int>) {
        self.queue = queue
        self.shards = shards
    }

    /// Reads a payload; nil for one this version does not know.
    public init?(payload: String) {
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let queue = Queue(rawValue: String(first)) else { return nil }
        self.queue = queue
        shards = Set((parts.count > 1 ? parts[1] : "").split(separator: ",").compactMap { Int($0) })
    }

    public var payload: String { queue.rawValue + " " + shards.sorted().map(String.init).joined(separator: ",") }
}
