/// Commits items that arrive together in one transaction (group commit). Whoever finds no
/// commit running commits its own item, then everything that queued up meanwhile, batch by
/// batch; the others wait for their batch. A burst costs a few disk writes, not one per
/// item, and a lone item is committed at once. A failed commit fails everyone in it.
public actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    let commit: @Sendable ([Item]) async throws -> [Outcome]
    private var waiting: [(item: Item, reply: CheckedContinuation<Outcome, any Error>)] = []
    private var committing = false

    /// `commit` must give one outcome per item, in order.
    public init(commit: @escaping @Sendable ([Item]) async throws -> [Outcome]) {
        self.commit = commit
    }

    public func submit(_ item: Item) async throws -> Outcome {
        guard !committing else {
            return try await withCheckedThrowingContinuation { waiting.append((item, $0)) }
        }
        committing = true
        defer { committing = false }
        let own: Result<Outcome, any Error>
        do {
            own = .success(try outcome(of: await commit([item]), at: 0))
        } catch {
            own = .failure(error)
        }
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            do {
                // A closure, not a key path: in generic code a key path is built anew on every call.
                let outcomes = try await commit(batch.map { $0.item })
                for (index, waiter) in batch.enumerated() { waiter.reply.resume(with: Result { try outcome(of: outcomes, at: index) }) }
            } catch {
                for waiter in batch { waiter.reply.resume(throwing: error) }
            }
        }
        return try own.get()
    }

    private nonisolated func outcome(of outcomes: [Outcome], at index: Int) throws -> Outcome {
        guard index < outcomes.count else { throw MissingOutcome() }
        return outcomes[index]
    }

    struct MissingOutcome: Error, CustomStringConvertible {
        var description: String { "a group commit gave fewer outcomes than items" }
    }
}
