import Foundation
import InboxBotCore

/// Admits events that arrive together in one transaction (group commit). Whoever finds no
/// commit running commits its own event, then everything that queued up meanwhile, batch by
/// batch; the others wait for their batch. A burst of webhooks costs a few disk writes, not
/// one each, and a lone event is committed at once.
actor GroupCommit {
    let store: any StateStore
    let source: String
    let clock: any WallClock
    private var waiting: [(event: Event, reply: CheckedContinuation<Bool, any Error>)] = []
    private var committing = false

    init(store: any StateStore, source: String, clock: any WallClock) {
        self.store = store
        self.source = source
        self.clock = clock
    }

    /// Commits the event (with any others waiting); true when it is new.
    func admit(_ event: Event) async throws -> Bool {
        guard !committing else {
            return try await withCheckedThrowingContinuation { waiting.append((event, $0)) }
        }
        committing = true
        defer { committing = false }
        let own: Result<Bool, any Error>
        do {
            own = .success(try await store.admit([event], source: source, at: clock.now()).first ?? false)
        } catch {
            own = .failure(error)
        }
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            do {
                let results = try await store.admit(batch.map(\.event), source: source, at: clock.now())
                for (index, waiter) in batch.enumerated() { waiter.reply.resume(returning: index < results.count && results[index]) }
            } catch {
                for waiter in batch { waiter.reply.resume(throwing: error) }
            }
        }
        return try own.get()
    }
}
