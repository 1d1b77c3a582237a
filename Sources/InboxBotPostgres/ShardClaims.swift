import Synchronization

/// The shards of the conversations one worker holds on a shared database, with the epoch
/// of each lease.
///
/// Every conversation belongs to one of `PostgresStateStore.shardCount` shards (a hash of its
/// id), and each shard is leased to one worker at a time. A store seen through the claims
/// (`PostgresStateStore.share(_:)`) reads only the work of the shards that are ready, and
/// makes every write about conversations check, in its transaction, that their shards are
/// still held at the same epochs. A shard is held before it is ready: the worker that takes it
/// over first settles what the previous holder left in flight.
public final class ShardClaims: Sendable {
    public let owner: String
    private let state = Mutex<(epochs: [Int: Int], ready: Set<Int>)>(([:], []))

    public init(owner: String) {
        self.owner = owner
    }

    /// The shards held, with their epochs: what writes are fenced by.
    public var epochs: [Int: Int] { state.withLock { $0.epochs } }

    /// The shards whose work this worker takes now, in order.
    public var ready: [Int] { state.withLock { $0.ready.sorted() } }

    /// Taken (at these epochs), not yet ready.
    public func hold(_ taken: [Int: Int]) {
        state.withLock { $0.epochs.merge(taken) { $1 } }
    }

    public func markReady(_ shards: some Sequence<Int>) {
        state.withLock { state in
            for shard in shards where state.epochs[shard] != nil { state.ready.insert(shard) }
        }
    }

    /// No new work is taken from these shards; they stay held (so writes in progress still
    /// commit) until `drop`.
    public func stopTaking(_ shards: some Sequence<Int>) {
        state.withLock { $0.ready.subtract(shards) }
    }

    /// Lost or given up: neither read nor written any more.
    public func drop(_ shards: some Sequence<Int>) {
        state.withLock { state in
            for shard in shards {
                state.epochs[shard] = nil
                state.ready.remove(shard)
            }
        }
    }
}
