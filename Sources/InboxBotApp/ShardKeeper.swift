import Foundation
import InboxBotCore
import InboxBotPostgres
import InboxBotWorker
import Logging
import Metrics
import ServiceLifecycle

/// Keeps this worker's share of the conversations on a shared database. Three times per
/// lease period it beats its heart, renews the shards it holds, and moves toward its fair
/// share (the shards over the live workers, rounded up): it takes free or expired shards,
/// and gives up extra ones after a period of taking no new work from them. A shard taken
/// over is made ready only after what its last holder left in flight has been recovered
/// (repeatable actions due again, sends settled from the platform). A shard it cannot renew
/// was lost (this worker was paused or cut off past the lease); its writes were fenced
/// already, and now it stops reading it too. At a clean stop it gives every shard up.
struct ShardKeeper: Service {
    let leases: PostgresShardLeases
    let claims: ShardClaims
    /// The worker's share of the store: in-flight actions are searched for and recovered through it.
    let store: PostgresStateStore
    let recover: @Sendable ([OutboxEntry]) async throws -> Void
    /// Woken when shards are taken: they may hold work.
    let wake: [WorkSignal]
    let tally: WorkerTally
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var draining: [Int: Int] = [:]
            while !Task.isCancelled {
                do {
                    // A database out of reach must not hold the keeper past the lease it keeps.
                    draining = try await Deadline.run(seconds: leases.seconds) { [draining] in try await tick(draining: draining) }
                    await readiness.report(.store, nil)
                } catch {
                    await readiness.report(.store, "cannot keep this worker's shards on the shared database: \(error)")
                }
                guard (try? await Task.sleep(for: .clampedSeconds(leases.seconds / 3))) != nil else { break }
            }
        }
        // The pipeline and executor have stopped (they stop before this service): give all up.
        let held = claims.epochs
        claims.drop(held.keys)
        do {
            try await leases.release(held)
            try await leases.leave()
            logger.notice("gave up this worker's shards", metadata: ["shards": "\(held.count)"])
        } catch {
            logger.warning("could not give the shards up; they pass to other workers when their leases expire", metadata: ["error": "\(error)"])
        }
    }

    /// One round; returns the shards to give up at the next.
    func tick(draining: [Int: Int]) async throws -> [Int: Int] {
        var draining = draining
        let live = try await leases.heartbeat(events: tally.events, actions: tally.actions)
        if !draining.isEmpty {
            claims.drop(draining.keys)
            try await leases.release(draining)
            logger.info("gave shards to other workers", metadata: ["shards": "\(draining.keys.sorted())"])
            draining = [:]
        }
        let held = claims.epochs
        let kept = try await leases.renew(held)
        let lost = Set(held.keys).subtracting(kept)
        if !lost.isEmpty {
            claims.drop(lost)
            logger.warning("lost shards to other workers (this worker was paused or cut off past its lease); nothing more is written for them",
                           metadata: ["shards": "\(lost.sorted())"])
        }
        let fair = (PostgresStateStore.shardCount + live - 1) / live
        let holding = claims.epochs
        if holding.count > fair {
            // The highest first, so that workers tend to keep the same shards.
            let extra = holding.keys.sorted().suffix(holding.count - fair)
            draining = holding.filter { extra.contains($0.key) }
            claims.stopTaking(draining.keys)
        } else if holding.count < fair {
            try await take(upTo: fair - holding.count)
        }
        Gauge(label: "inboxbot_shards_held").record(claims.epochs.count)
        Gauge(label: "inboxbot_workers_live").record(live)
        return draining
    }

    private func take(upTo count: Int) async throws {
        let taken = try await leases.claim(upTo: count)
        guard !taken.isEmpty else { return }
        claims.hold(taken)
        do {
            try await recover(try await store.actions(in: [.inFlight], shards: Array(taken.keys), limit: 10_000))
        } catch {
            // Not ready, so no work is taken from them; they are given back to be taken again.
            claims.drop(taken.keys)
            try? await leases.release(taken)
            throw error
        }
        claims.markReady(taken.keys)
        logger.info("took shards", metadata: ["shards": "\(taken.keys.sorted())", "held": "\(claims.epochs.count)"])
        for signal in wake { await signal.notify() }
    }
}
