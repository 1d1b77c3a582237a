import Synchronization

/// Values this process wrote and will soon read back, kept decoded so that reading them
/// costs no JSON decoding: events between the inbox and the pipeline, actions between
/// the pipeline and the executor. The database stays the truth; a value not here (after
/// a restart, or past the capacity) is simply decoded from its row.
final class DecodedMemo<Value: Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func remember(_ value: Value, for key: String) {
        values.withLock { values in
            if values.count < capacity { values[key] = value }
        }
    }

    func value(for key: String) -> Value? {
        values.withLock { $0[key] }
    }

    func forget(_ keys: some Sequence<String>) {
        values.withLock { values in
            for key in keys { values[key] = nil }
        }
    }
}
