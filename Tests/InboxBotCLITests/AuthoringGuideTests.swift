import Foundation
import Testing

/// Runs the walk-through in docs/authoring.md with the real binary, so the guide cannot drift.
///
/// A ```yaml block whose first line is `# rules/NAME` is a file, written into a copy of the
/// repository's rules/ (a later block for the same file replaces it). A ```jsonl block is
/// the events file that the next command names. A ```text block starting with
/// `$ inboxbot test` or `$ inboxbot explain` is run there; its other lines must be the
/// command's output, except the lines the guide says it leaves out (PASS lines, and the
/// explain header's rules and state lines). Commands marked `# illustration` are not run.
@Suite struct AuthoringGuideTests {
    @Test func theWalkThroughRunsAsShown() async throws {
        let guide = try String(contentsOf: InboxBot.repository.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: InboxBot.repository.appendingPathComponent("rules").path) {
            files["rules/\(name)"] = try String(contentsOf: InboxBot.repository.appendingPathComponent("rules/\(name)"), encoding: .utf8)
        }
        var events = ""
        var commands = 0, filesWritten = 0
        var block: (language: String, lines: [String])?
        for line in guide.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let open = block {
                    block = nil
                    switch open.language {
                    case "yaml":
                        guard let first = open.lines.first, first.hasPrefix("# rules/") else { continue }
                        files[String(first.dropFirst(2))] = open.lines.joined(separator: "\n") + "\n"
                        filesWritten += 1
                    case "jsonl":
                        events = open.lines.joined(separator: "\n") + "\n"
                    case "text":
                        guard let command = open.lines.first, command.hasPrefix("$ inboxbot "), !command.contains("# illustration") else { continue }
                        try await run(command, expecting: Array(open.lines.dropFirst()), files: files, events: events)
                        commands += 1
                    default: break
                    }
                } else {
                    block = (String(line.dropFirst(3)), [])
                }
            } else if block != nil {
                block?.lines.append(line)
            }
        }
        #expect(filesWritten == 3, "the draft rule, its test, and the fixed rule")
        #expect(commands == 4, "the failing test, the passing test, explain, and explain --until")
    }

    func run(_ command: String, expecting expected: [String], files: [String: String], events: String) async throws {
        let arguments = Self.words(command.dropFirst("$ inboxbot ".count))
        var workspace = files
        if let eventsFile = arguments.first(where: { $0.hasSuffix(".jsonl") }) { workspace[eventsFile] = events }
        let directory = try InboxBot.directory(workspace)
        let text = try await InboxBot.run(arguments, in: directory).stdout
        let actual = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { line in
            !line.isEmpty && !(line.hasPrefix("PASS ") && !expected.contains(line)) && !line.hasPrefix("Rules: ") && !line.hasPrefix("State: ")
        }
        #expect(actual == expected.filter { !$0.isEmpty }, "\(command)")
    }

    /// A command line's words, as a shell splits them: spaces between, "double quotes" around one.
    static func words(_ line: Substring) -> [String] {
        var words: [String] = [], word = "", quoted = false, started = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character == " ", !quoted {
                if started { words.append(word) }
                word = ""
                started = false
            } else {
                word.append(character)
                started = true
            }
        }
        if started { words.append(word) }
        return words
    }
}
