import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// `call`: an endpoint's name, never a URL, and a body whose strings are templates.
@Suite struct CallParserTests {
    func load(_ action: String, endpoints: Set<String>? = nil) -> RuleLoader.Result {
        RuleLoader.load(text: """
            rules:
              - id: r
                on: message.received
                then:
                  - \(action)
            """, file: "r.yaml", endpoints: endpoints)
    }

    @Test func theBodyKeepsJSONTypesAndTemplatesItsText() throws {
        let loaded = load(#"call: { endpoint: crm, body: { n: 3, ok: true, none: null, quoted: "3", text: "{{contact.name | x}}", list: [1, "a"] } }"#)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let action = try #require(loaded.ruleSet?.source.rules.first?.actions.first)
        guard case .call(let call) = action.kind, case .object(let fields)? = call.body else {
            Issue.record("not a call with a body: \(action.kind)")
            return
        }
        #expect(call.endpoint == "crm")
        #expect(fields.map(\.name) == ["n", "ok", "none", "quoted", "text", "list"])
        #expect(fields[0].value == .literal(.number(3)))
        #expect(fields[1].value == .literal(.bool(true)))
        #expect(fields[2].value == .literal(.null))
        #expect(fields[3].value == .text(try TextTemplate.parse("3").get()), "quoted, it is text")
    }

    @Test func aURLIsRefusedAndEndpointsAreCheckedAgainstTheConfiguration() {
        #expect(load("call: https://evil.example/x").diagnostics.map(\.description) == [
            "r.yaml:5:15: error: call names an endpoint of the configuration (letters, digits, '-', '_'), never a URL: 'https://evil.example/x'"])
        #expect(load("call: { body: { a: 1 } }").diagnostics.map(\.description) == [
            "r.yaml:5:15: error: call needs 'endpoint', the name of one under 'endpoints:' in inboxbot.yaml"])
        #expect(load("call: slak", endpoints: ["slack", "crm"]).diagnostics.map(\.description) == [
            "r.yaml:5:9: error: rule 'r': no endpoint 'slak' in the configuration; did you mean 'slack'? (endpoints: crm, slack)"])
        #expect(load("call: crm", endpoints: []).diagnostics.map(\.description) == [
            "r.yaml:5:9: error: rule 'r': no endpoint 'crm' in the configuration; add it under 'endpoints:' in inboxbot.yaml"])
        #expect(load("call: crm", endpoints: ["crm"]).diagnostics.isEmpty)
    }
}
