import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import Testing
@testable import InboxBotWorker

@Suite struct PipelineAndExecutorTests {
    static let rules = """
        rules:
          - id: refund
            on: message.received
            if: { body: { contains: refund } }
            then:
              - tag: refund
              - send_text: "Hi {{contact.first_name | there}}, we are on it."
          - id: share
            on: message.received
            if: { body: { contains: hello } }
            then:
              - assign: { round_robin: [omar@acme.sa, lina@acme.sa] }
          - id: trial
            on: message.received
            then:
              - tag: seen
            shadow: true
        """

    @Test func anEventsActionsAreCarriedOutOnce() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run([WorkerHarness.message("e1", body: "I want a refund")])
        let applied = await harness.platform.applied.map(\.action)
        #expect(applied == [.addTags(["refund"]), .sendText("Hi Sara, we are on it.")])
        // Running everything again changes nothing: the event is processed, the actions done.
        _ = try await harness.store.admit(WorkerHarness.message("e1", body: "I want a refund"), source: "webhook", at: harness.clock.now())
        try await harness.pipeline().processPending()
        try await harness.executor().executeDue()
        #expect(await harness.platform.calls.count == 2)
        let audit = try await harness.store.audit(conversationID: "c-1", limit: 20).map(\.message)
        #expect(audit.contains("shadow: would tag seen"))
        #expect(audit.contains("send text \"Hi Sara, we are on it.\": done (sent-2)"))
    }

    @Test func evaluatingAnEventAgainAfterACrashQueuesNothingTwice() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let event = WorkerHarness.message("e1", body: "refund please")
        _ = try await harness.store.admit(event, source: "poll", at: harness.clock.now())
        // The same event evaluated twice (as after a crash before its transaction committed).
        let pipeline = harness.pipeline()
        try await pipeline.processPending()
        try await harness.store.complete(eventID: event.id, actions: [], firings: [], audit: [], at: harness.clock.now())
        _ = try await harness.store.admit(event, source: "poll", at: harness.clock.now())
        try await pipeline.processPending()
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).count == 2)
    }

    /// A worker that took longer than its lease to mark a send in flight (it was paused) may
    /// have lost the conversation to another worker: it does not send, and leaves the send to
    /// be settled from the platform; an idempotent action is simply due again.
    @Test func aSendMarkedInFlightLongerAgoThanTheLeaseIsNotHandedOver() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        _ = try await harness.store.admit(WorkerHarness.message("e1", body: "I want a refund"), source: "test", at: harness.clock.now())
        try await harness.pipeline().processPending()
        let late = Executor(store: harness.store, platform: harness.platform, clock: harness.clock, handOverWithinSeconds: 0)
        #expect(try await late.executeDue() == 2)
        #expect(await harness.platform.calls.isEmpty, "nothing handed over")
        let states = try await harness.store.actions(in: OutboxEntry.State.allCases, limit: 10).map { ($0.action.keyword, $0.state) }
        #expect(Set(states.map { "\($0.0)=\($0.1.rawValue)" }) == ["tag=pending", "send_text=unknown"], "\(states)")
        try await harness.executor().executeDue()
        #expect(await harness.platform.applied.map(\.action) == [.addTags(["refund"])], "a worker within its lease carries the tag out")
    }

    /// Where the platform cannot show whether a send went out, an unknown send is never sent
    /// again: it is dead-lettered with why, for an operator to check and retry or leave.
    @Test func aSendThePlatformCannotSettleWaitsForAnOperator() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        await harness.platform.script([.done(detail: nil), .unknown(reason: "timed out")])
        await harness.platform.setCannotTell(true)
        try await harness.run([WorkerHarness.message("e1", body: "I want a refund")])
        try await harness.executor().settleUnknown()
        let send = try #require(try await harness.store.actions(in: OutboxEntry.State.allCases, limit: 10).first { $0.action.keyword == "send_text" })
        #expect(send.state == .deadLetter)
        #expect(send.detail?.contains("outcome unknown and not sent again: the platform shows no messages") == true, "\(send.detail ?? "")")
        #expect(await harness.platform.calls.filter { $0.action.keyword == "send_text" }.count == 1, "never sent again")
    }

    @Test func conversationsRunInParallelEachInItsOrder() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let platform = RecordingPlatform(delay: 0.05)
        let events = (1...4).map { WorkerHarness.message("e\($0)", conversation: "c-\($0)", body: "refund") }
        for event in events { _ = try await harness.store.admit(event, source: "test", at: harness.clock.now()) }
        try await harness.pipeline().processPending()
        try await Executor(store: harness.store, platform: platform, clock: harness.clock, concurrency: 4).executeDue()
        #expect(await platform.peakConcurrency > 1, "conversations ran at once")
        #expect(await platform.peakPerConversation == 1, "never two actions of one conversation at once")
        for conversation in (1...4).map({ "c-\($0)" }) {
            let actions = await platform.calls.filter { $0.conversationID == conversation }.map(\.action)
            #expect(actions == [.addTags(["refund"]), .sendText("Hi Sara, we are on it.")], "in the rule's order")
        }
    }

    @Test func roundRobinTakesTurnsAcrossConversations() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run((1...3).map { WorkerHarness.message("e\($0)", conversation: "c-\($0)", body: "hello") })
        let assigned = await harness.platform.applied.map { ($0.conversationID, $0.action) }.sorted { $0.0 < $1.0 }.map(\.1)
        #expect(assigned == [.assign(user: "omar@acme.sa"), .assign(user: "lina@acme.sa"), .assign(user: "omar@acme.sa")])
    }

    @Test func aRefusedActionIsDeadLetteredWithItsReasonAndCanBeRetried() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        await harness.platform.script([.failed(reason: "server error (503): still failing after retries")])
        try await harness.run([WorkerHarness.message("e1", body: "refund")])
        let failed = try await harness.store.actions(in: [.deadLetter], limit: 10)
        #expect(failed.map(\.detail) == ["server error (503): still failing after retries"])
        #expect(failed.map(\.action) == [.addTags(["refund"])])

        let executor = harness.executor()
        try await executor.retry(key: try #require(failed.first).key)
        try await executor.executeDue()
        #expect(try await harness.store.actions(in: [.deadLetter], limit: 10).isEmpty)
        #expect(await harness.platform.applied.map(\.action) == [.sendText("Hi Sara, we are on it."), .addTags(["refund"])])
        await #expect(throws: Executor.RetryError.self) { try await executor.retry(key: "no-such-key") }
    }

    @Test func anUnknownSendIsSettledNotRepeated() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        // The tag goes through; the send times out after it was delivered.
        await harness.platform.script([.done(detail: nil), .unknown(reason: "timed out")], unknownApplied: [true])
        try await harness.run([WorkerHarness.message("e1", body: "refund")])
        #expect(try await harness.store.actions(in: [.unknown], limit: 10).count == 1)
        try await harness.executor().settleUnknown()
        try await harness.executor().executeDue()
        let sends = await harness.platform.calls.filter { if case .sendText = $0.action { true } else { false } }
        #expect(sends.count == 1, "settled from the platform, never sent twice")
        #expect(try await harness.store.actions(in: [.done], limit: 10).count == 2)
    }

    @Test func anUnknownSendThatNeverWentOutIsSentAgainOnce() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        await harness.platform.script([.done(detail: nil), .unknown(reason: "connection refused")], unknownApplied: [false])
        try await harness.run([WorkerHarness.message("e1", body: "refund")])
        try await harness.executor().settleUnknown()
        try await harness.executor().executeDue()
        let applied = await harness.platform.applied.filter { if case .sendText = $0.action { true } else { false } }
        #expect(applied.count == 1)
    }

    @Test func sendsInFlightAtACrashAreSettledAndOthersApplyAgain() async throws {
        let path = WorkerHarness.temporaryPath()
        let before = try WorkerHarness(rules: Self.rules, path: path)
        _ = try await before.store.admit(WorkerHarness.message("e1", body: "refund"), source: "poll", at: before.clock.now())
        try await before.pipeline().processPending()
        for entry in try await before.store.dueActions(at: before.clock.now(), limit: 10) {
            try await before.store.markInFlight(key: entry.key, at: before.clock.now())
        }
        // The process dies here. A new one opens the same file.
        let after = try WorkerHarness(rules: Self.rules, path: path)
        let executor = after.executor()
        try await executor.recoverInFlight()
        try await executor.settleUnknown()  // the platform shows no such send
        try await executor.executeDue()
        #expect(await after.platform.applied.map(\.action) == [.addTags(["refund"]), .sendText("Hi Sara, we are on it.")])
    }

    /// A slow platform may still be applying a send when the worker restarts: "not found yet"
    /// must not be read as "never sent" until `settle_after` has passed since the attempt began.
    @Test func aSendInFlightAtACrashWaitsForTheSlowPlatformBeforeItIsJudgedUnsent() async throws {
        let rules = """
            rules:
              - id: reply
                on: message.received
                then:
                  - send_text: "On it."
            """
        let path = WorkerHarness.temporaryPath()
        let before = try WorkerHarness(rules: rules, path: path)
        _ = try await before.store.admit([WorkerHarness.message("e1")], source: "poll", at: before.clock.now())
        try await before.pipeline().processPending()
        let send = try #require(try await before.store.dueActions(at: before.clock.now(), limit: 10).first)
        try await before.store.markInFlight(key: send.key, at: before.clock.now())

        // Killed while the request was on its way; restarted 0.05 s later.
        let after = try WorkerHarness(rules: rules, path: path)
        after.clock.advance(by: 0.05)
        let executor = after.executor(settleAfter: 30)
        try await executor.recoverInFlight()
        let recovered = try #require(try await after.store.action(key: send.key))
        #expect(recovered.state == .unknown)
        #expect(recovered.nextAttemptAt == WorkerHarness.t0.addingTimeInterval(30), "settled 30 s after the attempt began, not after the restart")
        #expect(try await executor.settleUnknown() == 0)

        // Even when looked up early, a send the platform does not show yet stays unknown.
        try await after.store.update(key: send.key, state: .unknown, detail: "due early", nextAttemptAt: after.clock.now(), at: after.clock.now())
        #expect(try await executor.settleUnknown() == 0)
        let early = try #require(try await after.store.action(key: send.key))
        #expect(early.state == .unknown)
        #expect(early.nextAttemptAt == WorkerHarness.t0.addingTimeInterval(30))

        // The platform finishes the write that began before the crash; the next look finds it.
        _ = await after.platform.perform(send.action, on: send.conversation)
        after.clock.advance(by: 30)
        #expect(try await executor.settleUnknown() == 1)
        try await executor.executeDue()
        #expect(await after.platform.calls.count == 1, "never sent a second time")
        #expect(try await after.store.action(key: send.key)?.state == .done)
    }

    @Test func dryRunRecordsWouldBeActionsAndWritesNothing() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run([WorkerHarness.message("e1", body: "refund")], dryRun: true)
        #expect(await harness.platform.calls.isEmpty)
        let audit = try await harness.store.audit(conversationID: "c-1", limit: 20).filter { $0.kind == .dryRun }.map(\.message)
        #expect(audit == ["would tag refund on conversation c-1 — rule refund",
                          "would send text \"Hi Sara, we are on it.\" on conversation c-1 — rule refund"])
    }

    /// A dry run evaluates later events as a live run would: with the tags, assignee and
    /// status its own rules gave the conversation, which the platform never got.
    @Test func aDryRunSeesWhatItsOwnRulesWouldHaveDone() async throws {
        let harness = try WorkerHarness(rules: """
            rules:
              - id: route
                on: message.received
                if: { assignee: none, body: { contains: order } }
                then:
                  - assign: omar@acme.sa
                  - tag: orders
              - id: orders-ack
                on: message.received
                if: { tags: orders }
                then:
                  - send_text: "Omar has your order."
              - id: stop
                on: message.received
                if: { body: { contains: STOP } }
                then:
                  - untag: orders
                  - close
              - id: closed-goodbye
                on: message.received
                if: { status: closed }
                then:
                  - send_text: "This conversation is closed."
            """)
        let pipeline = harness.pipeline(dryRun: true)
        func process(_ event: Event) async throws -> [String] {
            _ = try await harness.store.admit(event, source: "poll", at: harness.clock.now())
            try await pipeline.processPending()
            return try await harness.store.audit(conversationID: "c-1", limit: 100).filter { $0.kind == .dryRun && $0.eventID == event.id }.map(\.message)
        }
        // The platform's snapshots never change: a dry run writes nothing.
        #expect(try await process(WorkerHarness.message("e1", body: "my order", at: 0)) == [
            "would assign to omar@acme.sa on conversation c-1 — rule route", "would tag orders on conversation c-1 — rule route"])
        #expect(try await process(WorkerHarness.message("e2", body: "another order?", at: 60)) == [
            "would send text \"Omar has your order.\" on conversation c-1 — rule orders-ack"], "assigned and tagged in the dry run's view")
        #expect(try await process(WorkerHarness.message("e3", body: "STOP", at: 120)) == [
            "would send text \"Omar has your order.\" on conversation c-1 — rule orders-ack",
            "would untag orders on conversation c-1 — rule stop", "would close on conversation c-1 — rule stop"])
        #expect(try await process(WorkerHarness.message("e4", body: "hello?", at: 180)) == [
            "would send text \"This conversation is closed.\" on conversation c-1 — rule closed-goodbye"], "untagged and closed")
        #expect(await harness.platform.calls.isEmpty)
        // A person reopening it on the platform outweighs the dry run's close.
        var reopened = WorkerHarness.message("e5", at: 240)
        reopened.type = .conversationReopened
        reopened.message = nil
        _ = try await process(reopened)
        #expect(try await process(WorkerHarness.message("e6", body: "hi", at: 300)).isEmpty)
    }

    @Test func theBudgetStopsAFlood() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        let pipeline = harness.pipeline(budget: ActionBudget(maximumActions: 3, windowSeconds: 3600))
        for index in 0..<5 {
            _ = try await harness.store.admit(WorkerHarness.message("e\(index)", body: "refund", at: Double(index)), source: "poll", at: harness.clock.now())
        }
        try await pipeline.processPending()
        #expect(try await harness.store.dueActions(at: harness.clock.now(), limit: 20).count == 3)
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 50).filter { $0.message.hasPrefix("action budget reached") }
        #expect(notes.count == 7)
    }

    @Test func theBotsOwnMessagesTriggerNoRules() async throws {
        let harness = try WorkerHarness(rules: """
            rules:
              - id: echo
                on: message.*
                then:
                  - send_text: "Thanks!"
            """)
        try await harness.run([WorkerHarness.message("e1")])
        // The send came back as an outbound message with the id the platform returned.
        try await harness.run([
            WorkerHarness.message("sent-1", direction: .outbound, metadata: ["platform_event_id": "sent-1"]),
            WorkerHarness.message("e2", direction: .outbound, sender: "bot"),
        ])
        #expect(await harness.platform.calls.count == 1)
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 20).map(\.message)
        #expect(notes.filter { $0.hasPrefix("the bot's own") }.count == 2)
    }

    @Test func anEchoWaitsWhileItsSendIsInFlight() async throws {
        let harness = try WorkerHarness(rules: """
            rules:
              - id: echo
                on: message.*
                then:
                  - send_text: "Thanks!"
            """)
        _ = try await harness.store.admit(WorkerHarness.message("e1"), source: "test", at: harness.clock.now())
        try await harness.pipeline().processPending()
        let send = try #require(try await harness.store.dueActions(at: harness.clock.now(), limit: 10).first)
        // The executor has handed the send over, and its echo comes back before the platform answers.
        try await harness.store.markInFlight(key: send.key, at: harness.clock.now())
        for event in [WorkerHarness.message("sent-1", at: 1, direction: .outbound, metadata: ["platform_event_id": "sent-1"]),
                      WorkerHarness.message("e2", at: 2), WorkerHarness.message("e3", conversation: "c-2", at: 3)] {
            _ = try await harness.store.admit(event, source: "webhook", at: harness.clock.now())
        }
        let pipeline = harness.pipeline()
        #expect(try await pipeline.processPending() == 1, "only the other conversation goes on")
        #expect(try await harness.store.counts().pendingEvents == 2, "the echo waits, and so does what came after it")
        #expect(pipeline.echoWaits.any, "so the executor wakes the pipeline after its actions")

        try await harness.store.update(key: send.key, state: .done, detail: "sent-1", nextAttemptAt: nil, at: harness.clock.now())
        #expect(try await pipeline.processPending() == 2)
        #expect(!pipeline.echoWaits.any, "none waits: actions need not wake the pipeline")
        let notes = try await harness.store.audit(conversationID: "c-1", limit: 20).map(\.message)
        #expect(notes.contains("the bot's own message.sent; only rules with own_messages run"))
        let queued = try await harness.store.dueActions(at: harness.clock.now(), limit: 10).map(\.eventID)
        #expect(queued.sorted() == ["e2", "e3"], "no reply to the bot's own message")
    }

    @Test func onceHoldsWithinOneBatch() async throws {
        let harness = try WorkerHarness(rules: WorkerHarness.onceAndCooldown)
        for index in 0..<4 {
            _ = try await harness.store.admit(WorkerHarness.message("e\(index)", at: Double(index)), source: "poll", at: harness.clock.now())
        }
        #expect(try await harness.pipeline().processPending() == 4, "one batch")
        let queued = try await harness.store.dueActions(at: harness.clock.now(), limit: 20).map(\.eventID)
        #expect(queued == ["e0", "e0"])
        #expect(try await harness.store.firings(conversationID: "c-1") == ["welcome": WorkerHarness.t0, "calm": WorkerHarness.t0],
                "fired at the event's time")
    }

    @Test func aRuleCanOptInToTheBotsOwnMessages() async throws {
        let harness = try WorkerHarness(rules: """
            rules:
              - id: echo
                on: message.received
                then:
                  - send_text: "Thanks!"
              - id: count-own
                on: message.sent
                then:
                  - tag: bot-replied
                own_messages: true
            """)
        try await harness.run([WorkerHarness.message("e1")])
        try await harness.run([WorkerHarness.message("sent-1", direction: .outbound, metadata: ["platform_event_id": "sent-1"])])
        #expect(await harness.platform.applied.map(\.action) == [.sendText("Thanks!"), .addTags(["bot-replied"])])
    }

    @Test func everyAuditRecordCarriesTheRuleSetVersion() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run([WorkerHarness.message("e1", body: "refund")])
        let version = await harness.rules.current.version
        let audit = try await harness.store.audit(conversationID: "c-1", limit: 20)
        #expect(!audit.isEmpty && audit.allSatisfy { $0.ruleSetVersion == version })
    }
}
