import Foundation
import InboxBotCore
import Testing
@testable import InboxBotYAML

/// No input may crash validation. These tests mutate the example rules and also make
/// files from scratch, thousands of each, and check every result is well formed.
@Suite struct FuzzTests {
    static let rulesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules")

    static let seeds: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path)) ?? []
        return files.sorted().compactMap { try? String(contentsOf: rulesDirectory.appendingPathComponent($0), encoding: .utf8) }
    }()

    static let fragments = [
        ":", "-", " ", "  ", "\n", "\t", "[", "]", "{", "}", "\"", "'", "#", "*", "&a", "*a", "!", "|", ">", "%", "@", "`",
        ",", "?", "~", "null", "true", "0", "-1", "99999999999999999999", "1e9", "ـ", "é", "🙂", "\u{0}", "\\", "{{", "}}",
        "{{contact.name}}", "{{nope}}", "(", ")", "\\b", "[a-", "30m", "1h30x", "Asia/Riyadh", "Mars/Base", "message.*",
        "call.missed", "on:", "if:", "then:", "all:", "any:", "not:", "tags:", "body:", "matches:", "within:", "rules:",
        "calendars:", "- id: x", "send_template:", "assign:", "round_robin:", "unread:", ">= 3", "<<: *a", "---", "...",
        // Numbers and durations from outside must never trap: huge, negative, non-finite, overflowing.
        "999999999w", "99999999999999999999w", "9223372036854775807s", "1w1w1w1w", "-5m", "1e300", "-1e300", ".nan", ".inf",
        "-.inf", "NaN", "9223372036854775808", "-9223372036854775809", "cooldown: 999999999w", "within: 9999999999d",
    ]

    static func mutate(_ text: String, using random: inout SeededRandom) -> String {
        var characters = Array(text)
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let position = characters.isEmpty ? 0 : Int.random(in: 0..<characters.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !characters.isEmpty:
                characters.remove(at: position)
            case 1:
                characters.insert(contentsOf: fragments.randomElement(using: &random) ?? "", at: position)
            case 2 where !characters.isEmpty:
                characters = Array(characters[..<position])
            case 3:
                var lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false)
                if lines.count > 1 {
                    let a = Int.random(in: 0..<lines.count, using: &random), b = Int.random(in: 0..<lines.count, using: &random)
                    lines.swapAt(a, b)
                }
                characters = Array(lines.joined(separator: "\n"))
            case 4:
                var lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false)
                if let line = lines.randomElement(using: &random) { lines.insert(line, at: Int.random(in: 0...lines.count, using: &random)) }
                characters = Array(lines.joined(separator: "\n"))
            case 5 where !characters.isEmpty:
                characters[position] = Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &random)))
            default:
                var lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false)
                if !lines.isEmpty {
                    let index = Int.random(in: 0..<lines.count, using: &random)
                    lines[index] = Substring(String(repeating: " ", count: Int.random(in: 0...8, using: &random)) + lines[index].drop { $0 == " " })
                }
                characters = Array(lines.joined(separator: "\n"))
            }
        }
        return String(characters)
    }

    static func randomFile(using random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...60, using: &random)).map { _ in fragments.randomElement(using: &random) ?? "" }.joined()
    }

    /// Checks the invariants every load must keep, whatever the input.
    static func checkInvariants(_ text: String, seed: UInt64) {
        let result = RuleLoader.load(text: text, file: "fuzz.yaml")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in result.diagnostics {
            guard let location = diagnostic.location else {
                Issue.record("seed \(seed): diagnostic without a place: \(diagnostic)")
                continue
            }
            #expect(location.file == "fuzz.yaml")
            #expect(location.line >= 1 && location.line <= lines + 1, "seed \(seed): \(diagnostic)")
            #expect(location.column >= 1, "seed \(seed): \(diagnostic)")
            #expect(!diagnostic.message.isEmpty && !diagnostic.message.contains("\n"), "seed \(seed): \(diagnostic)")
        }
        #expect((result.ruleSet == nil) == result.diagnostics.hasErrors, "seed \(seed)")
        if let ruleSet = result.ruleSet {
            // Whatever compiled must also evaluate without trouble.
            let event = Event(
                id: "e", type: .messageReceived, time: Date(timeIntervalSince1970: 1_773_748_800),
                conversation: ConversationSnapshot(id: "c", tags: ["vip"], contact: Contact(name: "محمد", phone: "+966500")),
                message: Message(direction: .inbound, body: "refund استرجاع"))
            for decision in ruleSet.evaluate(event, at: event.time, history: FiringLedger()).decisions {
                _ = decision.explanation.lines()
            }
        }
    }

    @Test func mutatedExampleFilesNeverCrashValidation() {
        #expect(Self.seeds.count >= 4)
        var random = SeededRandom(seed: 0x1B0B)
        for iteration in 0..<5000 {
            guard let seed = Self.seeds.randomElement(using: &random) else { return }
            Self.checkInvariants(Self.mutate(seed, using: &random), seed: UInt64(iteration))
        }
    }

    @Test func randomFilesNeverCrashValidation() {
        var random = SeededRandom(seed: 0xF00D)
        for iteration in 0..<5000 {
            Self.checkInvariants(Self.randomFile(using: &random), seed: UInt64(iteration))
        }
    }
}
