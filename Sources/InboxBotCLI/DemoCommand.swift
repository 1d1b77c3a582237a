import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotYAML

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk through the example rules on sample conversations, showing each decision and why.",
        discussion: """
            Validates the example rules, then replays the sample events one by one: what
            happened, which rules would act, what they would do, and every condition they
            tested. Nothing is sent anywhere. Run it from the repository's root.
            """
    )

    @Option(help: "The rules directory.", completion: .file())
    var rules = "rules"

    @Option(help: "A JSON Lines file of events.", completion: .file())
    var events = "examples/events.jsonl"

    func run() throws {
        let loaded = RuleLoader.load([rules])
        for diagnostic in loaded.diagnostics { print(diagnostic) }
        guard let ruleSet = loaded.ruleSet else {
            printError("error: the rules in \(rules) are not valid; fix the errors above (run from the repository root)")
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: events) else {
            printError("error: cannot read \(events); run from the repository root or pass --events")
            throw ExitCode(1)
        }
        print("inboxbot demo: \(ruleSet.ruleCount) rules from \(loaded.files.count) files in \(rules), events from \(events)\n")

        var replayer = Replayer(ruleSet: ruleSet)
        replayer.replay(lines: data, each: { event, evaluation in
            print(Self.headline(event))
            if evaluation.decisions.isEmpty, evaluation.suppressed.isEmpty { print("  no rule acts") }
            for decision in evaluation.decisions {
                print("  → \(decision.ruleID)\(decision.shadow ? " (shadow: reported, not done)" : ""): "
                    + decision.actions.map(\.summary).joined(separator: "; "))
                decision.explanation.lines(indent: "      ").forEach { print($0) }
            }
            for suppression in evaluation.suppressed {
                print("  · \(suppression.ruleID) matched but holds back: \(suppression.reason)")
            }
            print("")
        }, badLine: { number, reason in
            print("line \(number): skipped, \(reason)\n")
        })
        let report = replayer.report
        print("\(report.events) events, \(report.matches) decisions, \(report.actions) actions, "
            + "\(report.suppressed) held back by once/cooldown, \(report.badLines) bad lines skipped.")
        print("Next: edit the rules in \(rules)/, check them with 'inboxbot validate \(rules)/', and see docs/rules.md.")
    }

    static func headline(_ event: Event) -> String {
        let contact = event.conversation.contact.name ?? event.conversation.contact.phone ?? "unknown contact"
        var what = "\(Timestamp.format(event.time))  \(event.type.rawValue) in \(event.conversation.id) from \(contact)"
        if let body = event.message?.body { what += ": \"\(body)\"" }
        return what
    }
}
