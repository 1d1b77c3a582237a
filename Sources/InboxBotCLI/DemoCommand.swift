import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotPlatforms
import InboxBotYAML

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the example rules live against a fake platform with simulated customers.",
        discussion: """
            Starts a fake platform (Hatif unless --platform says otherwise) whose simulated
            customers write and call, and the real worker with the platform's real connector
            on its example rules (rules/ for Hatif, examples/textus/rules/ for TextUs) with a
            temporary state file. On Hatif customers write in Arabic and English; on TextUs they
            text an SMS inbox in Chicago. Events arrive both by webhook and by polling; each is shown once, with the
            rules that decide and the actions carried out. Demo time runs fast (--speed, 900
            times by default: a second is fifteen minutes, from a Tuesday afternoon), so the
            time-based rules' waits play out: customers left waiting get escalated, unassigned
            ones handed on, and after hours the after-hours rules answer.
            Ctrl-C (or --duration) stops it and prints a summary. Run it from the repository's root.

            With --replay it instead walks through examples/events.jsonl offline, showing
            every condition each rule tested.
            """.reflowed
    )

    @Option(help: "The platform whose fake to run: \(Platforms.names).")
    var platform = "hatif"

    @Option(help: "The rules directory (default: the platform's example rules; rules/ with --replay).", completion: .file())
    var rules: String?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Simulated customer actions per minute (of real time).")
    var customersPerMinute = 40.0

    @Option(help: "How much faster than real time the demo's clock runs (1 for real time).")
    var speed = 900.0

    @Flag(help: "Walk through recorded events offline instead, explaining each decision.")
    var replay = false

    @Option(help: "With --replay: the JSON Lines file of events.", completion: .file())
    var events = "examples/events.jsonl"

    func run() async throws {
        guard replay else {
            var options = LiveDemo.Options(write: { printNow($0) })
            options.platform = platform
            options.rulesPath = rules
            options.duration = duration
            options.customerActionsPerMinute = customersPerMinute
            guard speed >= 1 else {
                printError("error: --speed must be 1 (real time) or more, not \(speed)")
                throw ExitCode(1)
            }
            options.speed = speed
            do {
                try await LiveDemo(options: options).run()
            } catch let failure as LiveDemo.Failure {
                printError("error: \(failure)")
                throw ExitCode(1)
            }
            return
        }
        try walkThrough()
    }

    func walkThrough() throws {
        let rules = self.rules ?? "rules"
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
        let recorded = EventLines.events(in: data) { number, reason in
            replayer.badLines += 1
            print("line \(number): skipped, \(reason)\n")
        }
        let zone = ruleSet.source.calendars.first.flatMap { TimeZone(identifier: $0.timeZone) }
        for result in recorded.flatMap({ replayer.replay($0) }) {
            let evaluation = result.evaluation
            print(Self.headline(result, in: zone))
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
        }
        let report = replayer.report
        print("\(report.events) events, \(report.matches) decisions, \(report.actions) actions, "
            + "\(report.suppressed) held back by once, cooldown or sample, \(report.badLines) bad lines skipped.")
        print("Next: edit the rules in \(rules)/, check them with 'inboxbot validate \(rules)/', and see docs/rules.md.")
    }

    static func headline(_ result: Replayer.Replayed, in zone: TimeZone?) -> String {
        let event = result.event
        let contact = event.conversation.contact.name ?? event.conversation.contact.phone ?? "unknown contact"
        let time = zone.map { Timestamp.local(event.time, in: $0) } ?? Timestamp.format(event.time)
        if let timer = result.timer {
            return "\(time)  ⏰ the \(timer.kind) wait of rule \(timer.ruleID) ran out in \(event.conversation.id) (\(contact))"
        }
        var what = "\(time)  \(event.type.rawValue) in \(event.conversation.id) from \(contact)"
        if let body = event.message?.body { what += ": \"\(body)\"" }
        return what
    }
}
