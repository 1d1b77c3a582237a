import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotYAML

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run recorded events through the rules and report what they would have done.",
        discussion: """
            Reads events as JSON Lines (one event per line; see docs/events.md) and evaluates
            each at its own time, keeping once and cooldown as the worker would. Nothing is
            sent anywhere. A malformed line is reported with its number and skipped.

            'matches' counts (event, rule) pairs where the rule decided to act, shadow rules
            included; matches held back by once or cooldown are counted as 'suppressed'.
            'elapsed_seconds' is evaluation time only, without reading and decoding.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The rules directory or file.", completion: .file())
    var rules: String

    @Argument(help: "A JSON Lines file of events ('-' for standard input).", completion: .file())
    var events: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Print every decision with its rendered actions.")
    var decisions = false

    @Flag(help: "With each decision, show every condition of the rule, whether it held, and the value it saw.")
    var explain = false

    func run() throws {
        let loaded = RuleLoader.load([rules])
        if loaded.diagnostics.hasErrors || loaded.ruleSet == nil {
            for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
            printError("error: the rules are not valid; run 'inboxbot validate \(rules)'")
            throw ExitCode(1)
        }
        guard let ruleSet = loaded.ruleSet else { throw ExitCode(1) }

        let data: Data
        if events == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: events) else {
                printError("error: cannot read \(events)")
                throw ExitCode(1)
            }
            data = contents
        }

        var replayer = Replayer(ruleSet: ruleSet)
        let showDecisions = (decisions || explain) && format == .text
        replayer.replay(lines: data, each: { _, evaluation in
            guard showDecisions else { return }
            for decision in evaluation.decisions {
                print(decision.line)
                if explain { decision.explanation.lines(indent: "    ").forEach { print($0) } }
            }
        }, badLine: { number, reason in
            printError("\(events):\(number): error: \(reason)")
        })

        let report = replayer.report
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            printText(report, ruleSet: ruleSet)
        }
    }

    private func printText(_ report: Replayer.Report, ruleSet: CompiledRuleSet) {
        print("Replayed \(report.events) events against \(ruleSet.ruleCount) rules from \(rules)"
            + (report.badLines > 0 ? " (\(report.badLines) bad lines skipped)" : ""))
        let width = ruleSet.source.rules.map(\.id.count).max() ?? 0
        for rule in ruleSet.source.rules {
            let count = report.perRule[rule.id] ?? 0
            let conversations = report.perRuleConversations[rule.id] ?? 0
            let padding = String(repeating: " ", count: max(0, width - rule.id.count))
            print("  \(rule.id)\(padding)  \(count) match\(count == 1 ? "" : "es") in \(conversations) conversation\(conversations == 1 ? "" : "s")")
        }
        print("Total: \(report.matches) matches, \(report.actions) actions, \(report.suppressed) suppressed by once/cooldown"
            + (report.renderFailures > 0 ? ", \(report.renderFailures) actions could not render" : ""))
        let rate = Int(report.eventsPerSecond.rounded())
        print(String(format: "Evaluation took %.4f s: %d events/s", report.elapsedSeconds, rate))
    }
}
