import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import Testing
@testable import InboxBotWorker

/// The opt-out kept by the worker, and the send guard in the pipeline and the executor.
@Suite struct OptOutTests {
    static let rules = """
        send_limit: { per_contact_per_day: 3 }
        rules:
          - id: stop
            on: message.received
            if: { body: { equals: stop } }
            then:
              - send_text: "You will get no more messages."
              - opt_out
            stop: true
          - id: welcome-back
            on: message.received
            if: { body: { equals: start } }
            then: [ opt_in ]
          - id: answer
            on: message.received
            then:
              - tag: answered
              - send_text: "Thanks for your message."
            once: { per: contact }
        """

    static func message(_ id: String, conversation: String, body: String, at offset: Double = 0, phone: String = "+966500111222") -> Event {
        var event = WorkerHarness.message(id, conversation: conversation, body: body, at: offset)
        event.conversation.contact.phone = phone
        return event
    }

    @Test func afterStopNoSendReachesTheContactInAnyConversationAndTheAuditSaysWhy() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run([Self.message("e1", conversation: "c-1", body: "STOP")])
        #expect(await harness.platform.applied.map(\.action) == [.sendText("You will get no more messages.")], "the confirmation, ordered before opt_out, goes")
        // A new conversation from the same number, written the other way.
        try await harness.run([Self.message("e2", conversation: "c-2", body: "hello", at: 3600, phone: "00966500111222")])
        #expect(await harness.platform.applied.map(\.action).last == .addTags(["answered"]))
        let audit = try await harness.store.audit(conversationID: "c-2", limit: 20).map(\.message)
        #expect(audit.contains("withheld send text \"Thanks for your message.\": the contact opted out at 2026-03-17T12:00:00Z"), "\(audit)")
        // The opt-out is in the state file, so a restarted worker keeps it.
        let reopened = try SQLiteStateStore(path: harness.path)
        #expect(try await reopened.optOuts(contactKeys: ["phone:966500111222"]).count == 1)
    }

    @Test func aSendQueuedBeforeTheOptOutIsWithheldAtTheLastMoment() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        // A question is answered (queued), then STOP arrives before the executor has run.
        for event in [Self.message("e1", conversation: "c-1", body: "question"), Self.message("e2", conversation: "c-2", body: "stop", at: 1)] {
            _ = try await harness.store.admit(event, source: "test", at: harness.clock.now())
        }
        try await harness.pipeline().processPending()
        try await harness.executor().executeDue()
        let applied = await harness.platform.applied.map(\.action)
        #expect(applied.contains(.addTags(["answered"])))
        #expect(!applied.contains(.sendText("Thanks for your message.")), "\(applied)")
        #expect(applied.contains(.sendText("You will get no more messages.")), "the opt-out's own confirmation still goes")
        let withheld = try await harness.store.actions(in: [.withheld], limit: 10)
        #expect(withheld.map(\.action) == [.sendText("Thanks for your message.")])
        #expect(withheld.first?.detail == "withheld: the contact opted out at 2026-03-17T12:00:01Z")
        // An operator's retry of it cannot send it either (it is not a dead letter).
        await #expect(throws: Executor.RetryError.self) { try await harness.executor().retry(key: withheld[0].key) }
    }

    @Test func optInReleasesTheGuardAndADryRunChangesNoOptOut() async throws {
        let harness = try WorkerHarness(rules: Self.rules)
        try await harness.run([Self.message("e1", conversation: "c-1", body: "stop"), Self.message("e2", conversation: "c-1", body: "start", at: 60),
                               Self.message("e3", conversation: "c-9", body: "hi", at: 120)])
        let applied = await harness.platform.applied.map(\.action)
        let audit = try await harness.store.recentAudit(limit: 30).map(\.message)
        #expect(applied.last == .sendText("Thanks for your message."), "\(applied) \(audit)")
        #expect(try await harness.store.optOuts(contactKeys: ["phone:966500111222"]).isEmpty)
    }
}
