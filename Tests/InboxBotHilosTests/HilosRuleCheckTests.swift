import Foundation
import InboxBotCore
import InboxBotYAML
import Testing
@testable import InboxBotHilos

/// What rules cannot do on Hilos, said before anything runs: no free text, waits for a reply
/// cannot be timed and times since the last message are unknown (errors); message conditions
/// and the unread count see only part of the conversation (warnings).
@Suite struct HilosRuleCheckTests {
    static func diagnostics(_ rules: String) -> [Diagnostic] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hilos-rules-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? rules.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        return RuleLoader.load([directory.path], platform: .hilos).diagnostics
    }

    @Test func whatHilosCannotDoIsAnErrorAtItsPlace() {
        let found = Self.diagnostics("""
            rules:
              - id: nudge
                on:
                  - idle: 30m
                then:
                  - send_text: "Still there?"
              - id: stale
                on: message.received
                if:
                  since_last_outbound: { more_than: 2h }
                then:
                  - tag: stale
            """)
        let errors = found.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains("rule 'nudge': the wait 'idle' cannot be timed on Hilos") }, "\(errors)")
        #expect(errors.contains { $0.contains("rule 'nudge': send_text cannot be done on Hilos") }, "\(errors)")
        #expect(errors.contains { $0.contains("rule 'stale': this condition can never hold on Hilos") && $0.contains("time since the last outbound message is unknown") },
                "\(errors)")
        #expect(found.filter { $0.severity == .error }.allSatisfy { $0.location?.line != nil }, "each at its place")
    }

    @Test func whatHilosSeesOnlyPartOfIsAWarning() {
        let found = Self.diagnostics("""
            rules:
              - id: refunds
                on: message.received
                if:
                  body: { contains: refund }
                  unread: { at_least: 2 }
                then:
                  - tag: refund
            """)
        #expect(found.filter { $0.severity == .error }.isEmpty, "\(found)")
        let warnings = found.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("on Hilos this condition sees only some messages") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("the unread count is only 1 (not answered yet) or 0") }, "\(warnings)")
    }

    @Test func theExampleRulesForHilosPass() {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = RuleLoader.load([repository.appendingPathComponent("examples/hilos/rules").path], platform: .hilos)
        #expect(loaded.ruleSet != nil, "\(loaded.diagnostics)")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
    }
}
