import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

@Suite struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func everyExampleRuleFileValidatesAgainstTheSchema() throws {
        let validator = JSONSchemaValidator(root: RuleFileSchema.document)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("rules").path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") }
        #expect(files.count >= 5)
        for file in files {
            let text = try Self.read("rules/\(file)")
            #expect(text.hasPrefix("# yaml-language-server: $schema=../schema/rules.schema.json"), "\(file)")
            let problems = validator.validate(try JSONSchemaValidator.json(fromYAML: text))
            #expect(problems.isEmpty, "\(file): \(problems)")
        }
    }

    @Test func everyExampleTestFileValidatesAgainstTheTestSchema() throws {
        let validator = JSONSchemaValidator(root: RuleTestFileSchema.document)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("rules").path).filter { $0.hasSuffix(".test.yaml") }
        #expect(files.count >= 5)
        for file in files {
            let text = try Self.read("rules/\(file)")
            #expect(text.hasPrefix("# yaml-language-server: $schema=../schema/rule-tests.schema.json"), "\(file)")
            let problems = validator.validate(try JSONSchemaValidator.json(fromYAML: text))
            #expect(problems.isEmpty, "\(file): \(problems)")
        }
        let bad = [
            "tests: [ { name: a, start: 2026-03-17 10:00, evnts: [], expect_no_actions: true } ]",
            "tests: [ { name: a, start: 2026-03-17 10:00, events: [ { inbound: hi, outbound: ho } ], expect_no_actions: true } ]",
            "tests: [ { name: a, start: 2026-03-17 10:00, events: [ { at: five minutes, inbound: hi } ], expect_no_actions: true } ]",
            "tests: [ { name: a, start: 2026-03-17 10:00, events: [ { inbound: hi } ] } ]",
            "tests: [ { name: a, start: 2026-03-17 10:00, expect: [ { actions: [ { tagg: x } ] } ] } ]",
        ]
        for text in bad {
            #expect(!validator.validate(try JSONSchemaValidator.json(fromYAML: text)).isEmpty, "\(text)")
            #expect(RuleTestFileParser.parse(text, file: "x.test.yaml").diagnostics.hasErrors, "\(text)")
        }
    }

    @Test func theSchemaRejectsWhatTheLoaderRejects() throws {
        let validator = JSONSchemaValidator(root: RuleFileSchema.document)
        let bad = [
            "rules: [ { id: a, on: message.received, iff: {}, then: [ { tag: x } ] } ]",
            "rules: [ { id: a, on: message.recieved, then: [ { tag: x } ] } ]",
            "rules: [ { id: a, on: message.received, then: [] } ]",
            "rules: [ { id: a, on: message.received, if: { tgas: vip }, then: [ { tag: x } ] } ]",
            "rules: [ { id: a, on: message.received, cooldown: 30 minutes, then: [ { tag: x } ] } ]",
            "rules: [ { id: a, on: message.received, then: [ { tag: x, untag: y } ] } ]",
            "rules: [ { id: a, on: message.received, if: { body: refund }, then: [ { tag: x } ] } ]",
        ]
        for text in bad {
            #expect(!validator.validate(try JSONSchemaValidator.json(fromYAML: text)).isEmpty, "\(text)")
            #expect(RuleLoader.load(text: text, file: "x.yaml").diagnostics.hasErrors, "\(text)")
        }
    }

    @Test func theCommittedSchemasMatchTheBinary() throws {
        #expect(try Self.read("schema/rules.schema.json") == RuleFileSchema.document.serialized() + "\n",
                "regenerate with: swift run inboxbot schema > schema/rules.schema.json")
        #expect(try Self.read("schema/event.schema.json") == EventSchema.document.serialized() + "\n",
                "regenerate with: swift run inboxbot schema --events > schema/event.schema.json")
        #expect(try Self.read("schema/rule-tests.schema.json") == RuleTestFileSchema.document.serialized() + "\n",
                "regenerate with: swift run inboxbot schema --tests > schema/rule-tests.schema.json")
    }

    @Test func exampleEventsValidateAgainstTheEventSchema() throws {
        let validator = JSONSchemaValidator(root: EventSchema.document)
        let lines = try (Self.read("examples/events.jsonl") + "\n" + Self.read("Tests/InboxBotCLITests/Fixtures/mixed.jsonl")).split(separator: "\n")
        var valid = 0
        for line in lines {
            guard let value = try? JSONSchemaValidator.json(fromYAML: String(line)), case .object = value else { continue }
            let decodes = (try? JSONDecoder().decode(Event.self, from: Data(line.utf8))) != nil
            // The schema and the decoder agree on every line, good and bad.
            #expect(validator.validate(value).isEmpty == decodes, "\(line)")
            if decodes { valid += 1 }
        }
        #expect(valid >= 4)
    }
}
