import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import InboxBotYAML
import Testing
@testable import InboxBotWorker

/// Pools that respect people: capacity counted from the state store, working hours, a
/// fallback, and least busy.
@Suite struct AssignmentPoolTests {
    static func rules(_ assign: String) -> String {
        """
        calendars:
          days: { timezone: UTC, hours: { mon-sun: "08:00-16:00" } }
          nights: { timezone: UTC, hours: { mon-sun: "16:00-23:59" } }
        agents:
          sara@acme.sa: { capacity: 2, calendar: days }
          omar@acme.sa: { capacity: 1 }
          lina@acme.sa: { calendar: nights }
        rules:
          - id: route
            on: message.received
            if: { assignee: none, body: { starts_with: new } }
            then:
              - assign: \(assign)
        """
    }

    /// Messages from `count` conversations already assigned to `user`, open, so the store counts them.
    static func busy(_ user: String, _ count: Int, prefix: String) -> [Event] {
        (0..<count).map { index in
            var event = WorkerHarness.message("\(prefix)-\(index)", conversation: "\(prefix)-c\(index)", body: "hello")
            event.conversation.assignee = user
            return event
        }
    }

    static func assigned(_ harness: WorkerHarness) async -> [String] {
        await harness.platform.applied.compactMap { if case .assign(let user) = $0.action { user } else { nil } }
    }

    @Test func roundRobinSkipsAgentsAtCapacityOrOffDutyAndThenFallsBack() async throws {
        // 12:00 UTC: Sara and Omar work, Lina (nights) does not.
        let harness = try WorkerHarness(rules: Self.rules("{ round_robin: [sara@acme.sa, omar@acme.sa, lina@acme.sa], fallback: oncall@acme.sa }"))
        try await harness.run(Self.busy("omar@acme.sa", 1, prefix: "omar"))
        let new = (1...4).map { WorkerHarness.message("n\($0)", conversation: "new-\($0)", body: "new question", at: Double($0)) }
        harness.clock.advance(by: 10)
        try await harness.run(new)
        // Sara takes two (her capacity), Omar none (at his), Lina is off duty: then on-call.
        // Conversations are carried out in parallel, so the platform sees them in any order.
        let got = await Self.assigned(harness).sorted()
        #expect(got == ["oncall@acme.sa", "oncall@acme.sa", "sara@acme.sa", "sara@acme.sa"], "\(got)")
        let audit = try await harness.store.audit(conversationID: "new-1", limit: 10).map(\.message)
        #expect(audit.contains("assign round robin over sara@acme.sa, omar@acme.sa (lina@acme.sa off duty), else oncall@acme.sa"), "\(audit)")
    }

    @Test func leastBusyTakesTheAgentWithTheFewestOpenConversations() async throws {
        let harness = try WorkerHarness(rules: Self.rules("{ least_busy: [sara@acme.sa, omar@acme.sa] }"))
        var closed = Self.busy("omar@acme.sa", 1, prefix: "done")
        closed[0].conversation.status = .closed   // a closed conversation is no load
        try await harness.run(Self.busy("sara@acme.sa", 1, prefix: "sara") + closed)
        harness.clock.advance(by: 10)   // the worker acts after the events it read
        try await harness.run([WorkerHarness.message("n1", conversation: "new-1", body: "new question", at: 5)])
        #expect(await Self.assigned(harness) == ["omar@acme.sa"])
        // Now each has one: Sara, first in the pool, has room for one more; Omar none.
        try await harness.run([WorkerHarness.message("n2", conversation: "new-2", body: "new question", at: 6),
                               WorkerHarness.message("n3", conversation: "new-3", body: "new question", at: 7)])
        let got = await Self.assigned(harness).sorted()
        #expect(got == ["omar@acme.sa", "sara@acme.sa"], "\(got)")
        let dead = try await harness.store.actions(in: [.deadLetter], limit: 10)
        #expect(dead.map(\.detail) == ["every agent of the pool is at capacity (sara@acme.sa 2/2, omar@acme.sa 1/1), and the pool has no fallback"])
    }

    @Test func aPoolWithEveryoneOffDutyGoesToTheFallbackOrFailsWhenPlanned() throws {
        let ruleSet = try #require(RuleLoader.load(text: Self.rules("{ round_robin: [lina@acme.sa] }"), file: "r.yaml").ruleSet)
        let event = WorkerHarness.message("n1", conversation: "c", body: "new question")
        let planned = try #require(ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions.first?.actions.first)
        #expect(planned.summary == "cannot render action 1: no agent of the pool (lina@acme.sa) is within working hours, and the pool has no fallback")
        let withFallback = try #require(RuleLoader.load(text: Self.rules("{ round_robin: [lina@acme.sa], fallback: oncall@acme.sa }"), file: "r.yaml").ruleSet)
        #expect(withFallback.evaluate(event, at: event.time, history: FiringLedger()).decisions.first?.actions.first?.summary == "assign to oncall@acme.sa")
    }
}
