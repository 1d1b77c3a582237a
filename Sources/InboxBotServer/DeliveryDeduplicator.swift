/// Remembers the deliveries already taken, so repeats are answered without queueing twice.
///
/// A key is reserved while its delivery is being handled, so two copies arriving at once
/// cannot both pass; a reservation that fails is released for the platform's retry. It
/// keeps the most recent `capacity` keys; the worker's durable inbox deduplicates events too.
actor DeliveryDeduplicator {
    private var keys: Set<String> = []
    private var order: [String] = []
    private var oldest = 0
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// False when the key was taken before or is being handled now.
    func reserve(_ key: String) -> Bool {
        keys.insert(key).inserted
    }

    /// Keeps a handled key, forgetting the oldest beyond capacity.
    func commit(_ key: String) {
        order.append(key)
        if order.count - oldest > capacity {
            keys.remove(order[oldest])
            oldest += 1
            if oldest > capacity {
                order.removeFirst(oldest)
                oldest = 0
            }
        }
    }

    /// Forgets a key whose handling failed, so a retried delivery is handled again.
    func release(_ key: String) {
        keys.remove(key)
    }
}
