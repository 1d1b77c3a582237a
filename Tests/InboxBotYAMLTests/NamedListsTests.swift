import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// Named lists: defined once in any file, used as `{list: NAME}` in any other, and exactly
/// the same as the values written out; every mistake at its place.
@Suite struct NamedListsTests {
    static func directory(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url.path
    }

    static let rule = """
        rules:
          - id: billing
            on: message.received
            if:
              body: { contains: [{ list: billing-words }, charged twice] }
              tags: { none_of: { list: vip-tags } }
            then:
              - tag: { list: billing-tags }
        """

    @Test func aListFromAnotherFileIsTheSameAsItsValuesWrittenOut() throws {
        let lists = "lists:\n  billing-words: [invoice, فاتورة]\n  vip-tags: [vip, gold]\n  billing-tags: [billing, finance]\n"
        let named = RuleLoader.load([try Self.directory(["00-lists.yaml": lists, "10-billing.yaml": Self.rule])])
        #expect(named.diagnostics.isEmpty, "\(named.diagnostics)")
        let written = RuleLoader.load(text: """
            rules:
              - id: billing
                on: message.received
                if:
                  body: { contains: [invoice, فاتورة, charged twice] }
                  tags: { none_of: [vip, gold] }
                then:
                  - tag: [billing, finance]
            """, file: "r.yaml")
        let namedSet = try #require(named.ruleSet), writtenSet = try #require(written.ruleSet)
        #expect(namedSet.source.rules.map { $0.actions.map(\.kind) } == writtenSet.source.rules.map { $0.actions.map(\.kind) })
        for (body, tags) in [("أين الفاتورة؟", [String]()), ("my invoice", ["gold"]), ("hello", [])] {
            let event = Event(id: "e", type: .messageReceived, time: Date(), conversation: ConversationSnapshot(id: "c", tags: tags),
                              message: Message(direction: .inbound, body: body))
            let lines = { (set: CompiledRuleSet) in set.explain(event, at: event.time, history: FiringLedger()).flatMap { $0.lines() } }
            #expect(lines(namedSet) == lines(writtenSet), "\(body)")
        }
    }

    @Test func everyMistakeWithAListIsAnErrorAtItsPlace() throws {
        let unknown = RuleLoader.load(text: "lists:\n  billing-words: [bill]\n" + Self.rule, file: "r.yaml")
        #expect(unknown.diagnostics.map(\.description).contains("r.yaml:8:32: error: no list named 'vip-tags' (lists: billing-words)"),
                "\(unknown.diagnostics)")
        let typo = RuleLoader.load(text: "lists:\n  billing-word: [bill]\n  vip-tags: [vip]\n  billing-tags: [b]\n" + Self.rule, file: "r.yaml")
        #expect(typo.diagnostics.map(\.description).contains("r.yaml:9:34: error: no list named 'billing-words'; did you mean 'billing-word'? (lists: billing-tags, billing-word, vip-tags)"),
                "\(typo.diagnostics)")
        let none = RuleLoader.load(text: Self.rule, file: "r.yaml")
        #expect(none.diagnostics.first?.description.hasSuffix("error: no list named 'billing-words'; define it under 'lists:' in a rule file") == true, "\(none.diagnostics)")
        let definitions = RuleLoader.load(text: "lists:\n  a: [x, {list: b}]\n  \"b c\": [z]\n  e: []\n  f: [{ lst: a }]\nrules: []\n", file: "l.yaml")
        #expect(definitions.diagnostics.map(\.description).filter { $0.contains("error") } == [
            "l.yaml:2:10: error: a list cannot name another list; write its values out",
            "l.yaml:3:3: error: a list's name is letters, digits, '.', '_' or '-', not 'b c'",
            "l.yaml:4:6: error: list 'e' is an empty list; give at least one value",
            "l.yaml:5:7: error: list 'f' takes values, or a named list as {list: NAME}",
        ], "\(definitions.diagnostics)")
        let twice = RuleLoader.load([try Self.directory(["1.yaml": "lists:\n  a: [x]\n", "2.yaml": "lists:\n  a: [y]\nrules: []\n"])])
        #expect(twice.diagnostics.contains { $0.description.hasSuffix("2.yaml:2:3: error: the list 'a' is defined twice; the first is at \(twice.files[0]):2:3") },
                "\(twice.diagnostics)")
    }
}
