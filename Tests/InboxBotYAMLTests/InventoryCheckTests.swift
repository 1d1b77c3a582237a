import InboxBotCore
import InboxBotYAML
import Testing

/// The preflight check's findings for templates, pools and agents, which the fake Hatif
/// (no template listing) cannot show.
@Suite struct InventoryCheckTests {
    static func problems(_ yaml: String, _ inventory: PlatformInventory) throws -> [String] {
        let loaded = RuleLoader.load(text: yaml, file: "r.yaml")
        let ruleSet = try #require(loaded.ruleSet, "\(loaded.diagnostics)")
        return ruleSet.source.inventoryProblems(inventory, platform: "Hilos").map(\.description)
    }

    static let inventory = PlatformInventory(
        users: [.init(id: "u1", email: "sara@acme.sa"), .init(id: "u2", email: "omar@acme.sa")],
        templates: [.init(name: "order_update", language: "en", parameters: 2), .init(name: "order_update", language: "es", parameters: 2),
                    .init(name: "welcome", parameters: nil)])

    @Test func templatesAreFoundByNameAndLanguageWithTheirParameterCount() throws {
        let found = try Self.problems("""
            rules:
              - id: t
                on: message.received
                then:
                  - send_template: { name: order_update, language: en, body: ["{{contact.name | there}}", "today"] }
                  - send_template: { name: order_update, language: ar, body: ["x", "y"] }
                  - send_template: { name: order_update, language: es, body: ["only one"] }
                  - send_template: { name: welcom, language: en }
                  - send_template: { name: welcome, language: en, body: ["any count: the platform does not say"] }
                  - send_template: { name: order_update, language: en, header: { text: "#{{event.id}}" }, body: ["a"] }
            """, Self.inventory)
        #expect(found == [
            "r.yaml:6:9: error: rule 't': the WhatsApp template 'order_update' has no 'ar' version on Hilos (languages: en, es)",
            "r.yaml:7:9: error: rule 't': the WhatsApp template 'order_update' takes 2 value(s) on Hilos (header, body and buttons); the rule gives 1",
            "r.yaml:8:9: error: rule 't': no WhatsApp template 'welcom' on Hilos; did you mean 'welcome'?",
        ])
    }

    @Test func poolMembersAgentsAndIdsAreUsersToo() throws {
        let found = try Self.problems("""
            agents:
              lina@acme.sa: { capacity: 3 }
            rules:
              - id: p
                on: message.received
                then:
                  - assign: { round_robin: [sara@acme.sa, u2, omar@acme.sa], fallback: fahad@acme.sa }
            """, Self.inventory)
        #expect(found == [
            "r.yaml:2:3: error: no user 'lina@acme.sa' on Hilos",
            "r.yaml:7:9: error: rule 'p': no user 'fahad@acme.sa' on Hilos",
        ])
        #expect(try Self.problems("rules:\n  - id: x\n    on: message.received\n    then: [ { tag: anything } ]\n", PlatformInventory()).isEmpty,
                "nothing listed, nothing checked")
    }
}
