import Foundation
import InboxBotCore
import InboxBotState
import InboxBotYAML
import Testing
@testable import InboxBotWorker

/// Timed rules in the worker: waits armed and ended by events, fired from the state store
/// when due, checked again against the conversation as the platform has it then.
@Suite struct TimerTests {
    static let rules = """
        rules:
          - id: sla
            on:
              - idle: 30m
            if: { tags: { none_of: [handled] } }
            then:
              - tag: sla-breach
        """

    /// Admits events at their offsets (seconds after t0) and processes them, moving the clock along.
    func feed(_ harness: WorkerHarness, _ events: [Event]) async throws {
        for event in events {
            harness.clock.set(event.time)
            _ = try await harness.store.admit(event, source: "test", at: harness.clock.now())
            try await harness.pipeline().processPending()
        }
    }

    @Test func aDueTimerFiresOnceWithTheConversationAsItIsNow() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await feed(harness, [WorkerHarness.message("e1", body: "hello?")])
        #expect(try await harness.store.armedTimerCount() == 1)
        harness.clock.advance(by: 29 * 60)
        #expect(try await harness.pipeline().fireDueTimers() == 0, "not yet")
        await harness.platform.setConversation(ConversationSnapshot(id: "c-1", tags: ["vip"], unread: 1))
        harness.clock.advance(by: 60)
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        let queued = try await harness.store.dueActions(at: harness.clock.now(), limit: 10)
        #expect(queued.map(\.action) == [.addTags(["sla-breach"])])
        #expect(queued.first?.conversation.tags == ["vip"], "acted on the conversation as the platform has it now")
        #expect(queued.first?.eventID.hasPrefix("timer:sla|c-1|idle:") == true)
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 10).map(\.message)
        #expect(notes.contains { $0.hasPrefix("the idle wait (armed 2026-03-17T12:00:00Z) came due at ") })
        // Fired once: nothing is due again, and a further message in the same wait arms nothing.
        #expect(try await harness.pipeline().fireDueTimers() == 0)
        try await feed(harness, [WorkerHarness.message("e2", body: "hello??", at: 40 * 60)])
        #expect(try await harness.store.armedTimerCount() == 0)
    }

    @Test func aReplyEndsTheWaitAndTheNextMessageStartsAnother() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        var reply = WorkerHarness.message("r1", body: "on it", at: 10 * 60, direction: .outbound, sender: "sara@acme.sa")
        reply.conversation.lastOutboundAt = reply.time
        try await feed(harness, [WorkerHarness.message("e1", body: "hello?"), reply])
        #expect(try await harness.store.armedTimerCount() == 0, "the agent's reply ended the wait")
        var again = WorkerHarness.message("e2", body: "one more thing", at: 20 * 60)
        again.conversation.lastOutboundAt = reply.time
        try await feed(harness, [again])
        #expect(try await harness.store.armedTimerCount() == 1, "a new wait")
        harness.clock.advance(by: 30 * 60)
        await harness.platform.setConversation(ConversationSnapshot(id: "c-1", tags: ["handled"]))
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).isEmpty, "tagged handled by now: the conditions no longer hold")
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 10).map(\.message)
        #expect(notes.contains { $0.hasSuffix("; the rule's conditions do not hold now, so it does nothing") })
    }

    @Test func aConversationGoneFromThePlatformIsSkipped() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await feed(harness, [WorkerHarness.message("e1")])
        harness.clock.advance(by: 31 * 60)
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).isEmpty)
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 10).map(\.message)
        #expect(notes.contains("the idle wait (armed 2026-03-17T12:00:00Z) skipped: the conversation is gone"))
    }

    @Test func aPlatformOutageDelaysATimerWithoutLosingIt() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await feed(harness, [WorkerHarness.message("e1")])
        await harness.platform.setConversation(ConversationSnapshot(id: "c-1"))
        await harness.platform.setReadsFail(true)
        harness.clock.advance(by: 31 * 60)
        #expect(try await harness.pipeline().fireDueTimers() == 0, "not fired, not skipped: it waits for the platform")
        #expect(try await harness.store.armedTimerCount() == 1)
        await harness.platform.setReadsFail(false)
        harness.clock.advance(by: 60)
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).map(\.action) == [.addTags(["sla-breach"])])
    }

    @Test func anUnassignedWaitChecksTheConversationIsStillUnassigned() async throws {
        let harness = try WorkerHarness(rules: """
            rules:
              - id: triage
                on:
                  - unassigned_for: 10m
                then:
                  - assign: oncall@acme.sa
            """)
        try await feed(harness, [WorkerHarness.message("e1")])
        // Assigned in Hatif, but the event saying so has not arrived when the timer comes due.
        await harness.platform.setConversation(ConversationSnapshot(id: "c-1", assignee: "lina@acme.sa"))
        harness.clock.advance(by: 11 * 60)
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).isEmpty, "no longer unassigned: nothing to do")
    }

    @Test func aTimerWhoseRuleWasRemovedIsSkipped() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await feed(harness, [WorkerHarness.message("e1")])
        let replaced = try #require(RuleLoader.load(text: "rules:\n  - id: other\n    on: message.received\n    then: [ { tag: x } ]\n", file: "r.yaml").ruleSet)
        await harness.rules.replace(with: replaced)
        harness.clock.advance(by: 31 * 60)
        #expect(try await harness.pipeline().fireDueTimers() == 1)
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 10).map(\.message)
        #expect(notes.contains("the idle wait (armed 2026-03-17T12:00:00Z) skipped: its rule is no longer in the rules, or is disabled"))
    }

    @Test func theBotsOwnSendDoesNotEndTheWait() async throws {
        let harness = try WorkerHarness(rules: Self.rules + """

              - id: auto-reply
                on: message.received
                then: [ { send_text: "Thanks, we will be with you soon" } ]
            """)
        try await feed(harness, [WorkerHarness.message("e1", body: "hello?")])
        try await harness.executor().executeDue()
        // The send comes back as the bot's own message.
        try await feed(harness, [WorkerHarness.message("sent-1", body: "Thanks, we will be with you soon", at: 5, direction: .outbound,
                                                        metadata: ["platform_event_id": "sent-1"])])
        #expect(try await harness.store.armedTimerCount() == 1)
    }

    @Test func afterARestartADueTimerFiresWithinTheGracePeriodAndIsSkippedPastIt() async throws {
        let path = WorkerHarness.temporaryPath()
        let before = try WorkerHarness(rules: Self.rules, path: path)
        try await feed(before, [WorkerHarness.message("e1", conversation: "c-1"), WorkerHarness.message("e2", conversation: "c-2", at: 1)])
        // The worker is down for 80 minutes: both waits came due 50 minutes ago.
        let after = try WorkerHarness(rules: Self.rules, path: path)
        after.clock.set(WorkerHarness.t0.addingTimeInterval(80 * 60))
        for id in ["c-1", "c-2"] { await after.platform.setConversation(ConversationSnapshot(id: id)) }
        #expect(try await after.pipeline(timerGrace: 3600).fireDueTimers() == 2)
        #expect(try await after.store.dueActions(at: after.clock.now(), limit: 10).map(\.conversationID).sorted() == ["c-1", "c-2"])

        let late = try WorkerHarness(rules: Self.rules)
        try await feed(late, [WorkerHarness.message("e1")])
        await late.platform.setConversation(ConversationSnapshot(id: "c-1"))
        late.clock.advance(by: 3 * 3600)
        #expect(try await late.pipeline(timerGrace: 3600).fireDueTimers() == 1)
        #expect(try await late.store.dueActions(at: late.clock.now(), limit: 10).isEmpty)
        let notes = try await late.store.audit(conversationID: "c-1", limit: 10).map(\.message)
        #expect(notes.contains { $0.contains("skipped: it came due at 2026-03-17T12:30:00Z, 2h30m ago, past the grace period of 1h") }, "\(notes)")
    }
}
