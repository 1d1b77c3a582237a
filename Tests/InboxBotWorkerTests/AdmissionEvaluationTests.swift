import Foundation
import InboxBotCore
import InboxBotState
import InboxBotWorker
import Testing

/// Events evaluated in their admission's own transaction (`Pipeline.admit`) when nothing else
/// is pending, on a real SQLite file: the same decisions a pass makes, never out of order.
@Suite struct AdmissionEvaluationTests {
    static let rules = WorkerHarness.onceAndCooldown

    /// What a conversation's events left in the store: the outbox, the firings, the audit.
    static func outcome(of harness: WorkerHarness) async throws -> [String] {
        let actions = try await harness.store.dueActions(at: harness.clock.now(), limit: 50).map { "\($0.key) \($0.action.summary)" }
        let firings = try await harness.store.firings(conversationID: "c-1").map { "fired \($0.key) at \($0.value.timeIntervalSince1970)" }.sorted()
        let audit = try await harness.store.audit(conversationID: "c-1", limit: 50).map { "\($0.kind) \($0.eventID ?? "") \($0.message)" }.sorted()
        return actions + firings + audit
    }

    @Test func eventsAdmittedOneByOneAreEvaluatedAsAPassWouldEvaluateThem() async throws {
        let events = (0..<3).map { WorkerHarness.message("e\($0)", at: Double($0)) }
        let admitted = try WorkerHarness(rules: Self.rules)
        for event in events {
            let admission = try await admitted.pipeline().admit([event], into: admitted.store, source: "webhook")
            #expect(admission.map(\.isNew) == [true])
            #expect(admission.first?.processed?.event.id == event.id, "evaluated as it was admitted")
            #expect(try await admitted.store.pendingEvents(limit: 10).isEmpty)
        }
        #expect(try await admitted.pipeline().processPending() == 0, "nothing left for a pass")

        let passed = try WorkerHarness(rules: Self.rules)
        for event in events {
            _ = try await passed.store.admit(event, source: "webhook", at: passed.clock.now())
            try await passed.pipeline().processPending()
        }
        let outcome = try await Self.outcome(of: admitted)
        #expect(outcome == (try await Self.outcome(of: passed)))
        // `once` and `cooldown` hold across admissions: the history is read in the admission's transaction.
        #expect(try await admitted.store.dueActions(at: admitted.clock.now(), limit: 10).map(\.eventID) == ["e0", "e0"])
    }

    @Test func anEventBehindAPendingOneWaitsForThePass() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        _ = try await harness.store.admit(WorkerHarness.message("e0"), source: "poll", at: harness.clock.now())
        let admission = try await harness.pipeline().admit([WorkerHarness.message("e1", at: 1)], into: harness.store, source: "webhook")
        #expect(admission.map(\.isNew) == [true])
        #expect(admission.first?.processed == nil, "e0 first")
        #expect(try await harness.store.pendingEvents(limit: 10).map(\.id) == ["e0", "e1"])
        #expect(try await harness.pipeline().processPending() == 2)
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).map(\.eventID) == ["e0", "e0"])
    }

    @Test func anOutboundMessageIsLeftForThePassToTellAnEcho() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let admission = try await harness.pipeline().admit([WorkerHarness.message("out-1", direction: .outbound)], into: harness.store, source: "webhook")
        #expect(admission.first?.processed == nil)
        #expect(try await harness.store.pendingEvents(limit: 10).map(\.id) == ["out-1"])
    }

    @Test func aRepeatIsNeitherAdmittedNorEvaluatedAgain() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let event = WorkerHarness.message("e0")
        _ = try await harness.pipeline().admit([event], into: harness.store, source: "webhook")
        let again = try await harness.pipeline().admit([event, WorkerHarness.message("e1", at: 1)], into: harness.store, source: "poll")
        #expect(again.map(\.isNew) == [false, true])
        #expect(again.map { $0.processed?.event.id } == [nil, "e1"])
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).map(\.eventID) == ["e0", "e0"])
    }

    /// Admissions and passes at once: each event evaluated exactly once, each conversation's in order.
    @Test func admissionsBesidePassesEvaluateEachEventOnce() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let pipeline = harness.pipeline()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for conversation in 0..<4 {
                group.addTask {
                    for index in 0..<25 {
                        let event = WorkerHarness.message("c\(conversation)-e\(index)", conversation: "c-\(conversation)", at: Double(index))
                        _ = try await pipeline.admit([event], into: harness.store, source: "webhook")
                    }
                }
            }
            group.addTask {
                for _ in 0..<50 { try await pipeline.processPending(limit: 3) }
            }
            try await group.waitForAll()
        }
        try await pipeline.processPending()
        let queued = try await harness.store.dueActions(at: harness.clock.now(), limit: 500)
        // `welcome` once and `calm`'s tag once (within its hour) per conversation, on its first event.
        #expect(queued.map(\.eventID).sorted() == (0..<4).flatMap { ["c\($0)-e0", "c\($0)-e0"] })
        #expect(try await harness.store.pendingEvents(limit: 500).isEmpty)
        var decisions = 0
        for conversation in 0..<4 {
            decisions += try await harness.store.audit(conversationID: "c-\(conversation)", limit: 500).filter { $0.kind == .decision }.count
        }
        #expect(decisions == 8)
    }
}
