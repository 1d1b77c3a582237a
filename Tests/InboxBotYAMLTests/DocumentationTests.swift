import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// Runs every example in the docs, so the reference cannot drift from the code.
///
/// In docs/rules.md a ```yaml block is a whole rule file, named example.yaml. It must load
/// with no diagnostics, unless a ```text block follows it at once: then its diagnostics
/// must be exactly those lines. A ```jsonl block after a ```yaml block holds events, which
/// are replayed through those rules at their own times (with once and cooldown kept), and
/// the ```text block after the events lists the decisions, one per line, as
/// `inboxbot replay --decisions` prints them (or `(no decisions)`). A ```yaml block that
/// starts with `tests:` is a rule test file for the rules before it: every test must pass.
@Suite struct DocumentationTests {
    struct Block {
        var language: String
        var text: String
        var line: Int
    }

    static func blocks(in path: String) throws -> [Block] {
        let text = try SchemaTests.read(path)
        var blocks: [Block] = []
        var current: Block?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if var open = current {
                    if open.text.hasSuffix("\n") { open.text.removeLast() }
                    blocks.append(open)
                    current = nil
                } else {
                    current = Block(language: String(line.dropFirst(3)), text: "", line: index + 1)
                }
            } else if current != nil {
                current?.text += line + "\n"
            }
        }
        return blocks
    }

    static func decisions(_ ruleSet: CompiledRuleSet, _ jsonl: String) throws -> [String] {
        var ledger = FiringLedger()
        var lines: [String] = []
        for line in jsonl.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let event = try JSONDecoder().decode(Event.self, from: Data(line.utf8))
            let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: event.isSentByBot)
            for decision in evaluation.decisions {
                ledger.record(decision, at: event.time)
                lines.append(decision.line)
            }
        }
        return lines.isEmpty ? ["(no decisions)"] : lines
    }

    @Test func everyRuleExampleRunsAsDocumented() throws {
        let blocks = try Self.blocks(in: "docs/rules.md")
        var examples = 0, replays = 0, errorExamples = 0, testFiles = 0
        var index = 0
        var previous: CompiledRuleSet?
        while index < blocks.count {
            let block = blocks[index]
            index += 1
            guard block.language == "yaml" else { continue }
            if block.text.hasPrefix("tests:") {
                let (file, problems) = RuleTestFileParser.parse(block.text, file: "example.test.yaml")
                #expect(problems.isEmpty, "docs/rules.md:\(block.line): \(problems)")
                let ruleSet = try #require(previous, "docs/rules.md:\(block.line): a test block needs rules before it")
                for result in file.tests.map(RuleTestRunner(ruleSet: ruleSet).run) {
                    #expect(result.passed, "docs/rules.md:\(block.line): \(result.name)\n\(result.diff.joined(separator: "\n"))\n\(result.explanation.joined(separator: "\n"))")
                }
                testFiles += 1
                continue
            }
            examples += 1
            let result = RuleLoader.load(text: block.text, file: "example.yaml")
            previous = result.ruleSet
            let diagnostics = result.diagnostics.map(\.description)
            if index < blocks.count, blocks[index].language == "text" {
                #expect(diagnostics == blocks[index].text.split(separator: "\n").map(String.init), "docs/rules.md:\(block.line)")
                errorExamples += 1
                index += 1
                continue
            }
            #expect(diagnostics.isEmpty, "docs/rules.md:\(block.line): \(diagnostics)")
            while index + 1 < blocks.count, blocks[index].language == "jsonl", blocks[index + 1].language == "text" {
                guard let ruleSet = result.ruleSet else { break }
                let expected = blocks[index + 1].text.split(separator: "\n").map(String.init)
                #expect(try Self.decisions(ruleSet, blocks[index].text) == expected, "docs/rules.md:\(blocks[index].line)")
                replays += 1
                index += 2
            }
        }
        #expect(examples >= 25)
        #expect(replays >= 15)
        #expect(errorExamples >= 3)
        #expect(testFiles >= 1)
    }

    @Test func everyEventExampleDecodes() throws {
        let blocks = try Self.blocks(in: "docs/events.md").filter { $0.language == "json" || $0.language == "jsonl" }
        #expect(blocks.count >= 3)
        for block in blocks {
            let lines = block.language == "json" ? [block.text] : block.text.split(separator: "\n").map(String.init)
            for line in lines {
                #expect(throws: Never.self, "docs/events.md:\(block.line)") {
                    try JSONDecoder().decode(Event.self, from: Data(line.utf8))
                }
            }
        }
    }
}
