import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotPlatforms
import InboxBotYAML

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run recorded or real past events through the rules and report what they would have done.",
        discussion: """
            Reads events as JSON Lines (one event per line; see docs/events.md), or with
            '--from PLATFORM' ('hatif', 'textus') reads the past '--since' (7d by default) from
            the platform account the configuration names, read-only, and turns it into events
            ('--save FILE' keeps them as JSON Lines to replay offline). Without an account,
            '--from-fake PLATFORM' makes the same traffic on the platform's fake: simulated
            customers over the past '--since' ('--fake-actions-per-hour', 12 by default), read
            back through the platform's real connector.
            Each event is evaluated at its own time, keeping once and cooldown as the worker
            would. Nothing is sent anywhere. A malformed line is reported with its number and skipped.

            The report gives per rule how often it would have fired, on how many conversations,
            and how many actions it would have carried out. 'matches' counts (event, rule) pairs
            where the rule decided to act, shadow rules included; matches held back by once or
            cooldown are 'suppressed'. 'elapsed_seconds' is evaluation time only.

            '--compare OTHER_RULES' runs a second rule set over the same events and reports
            what changes: actions added (+), removed (-) or different (~), per rule and per
            conversation, with examples. Run it before merging a rule change.
            """.reflowed
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The rules directory or file.", completion: .file())
    var rules: String

    @Argument(help: "A JSON Lines file of events ('-' for standard input); not with --from.", completion: .file())
    var events: String?

    @Option(help: ArgumentHelp("Read the events from the platform instead (read-only): \(Platforms.names). Credentials and settings as for 'run'.",
                               valueName: "platform"))
    var from: String?

    @Option(help: ArgumentHelp("Make the events on this platform's fake instead: simulated customers, no account needed.", valueName: "platform"))
    var fromFake: String?

    @Option(help: "With --from-fake: simulated customer actions per hour.")
    var fakeActionsPerHour = 12.0

    @Option(help: "With --from or --from-fake: how far back to read, such as 7d or 12h.")
    var since = "7d"

    @Option(help: "With --from or --from-fake: also write the events read as JSON Lines, to replay offline.", completion: .file())
    var save: String?

    @Option(help: "Another rules directory or file to run over the same events, and report what changes.", completion: .file())
    var compare: String?

    @Option(help: "The configuration file, for --from (base URL).", completion: .file())
    var config = "inboxbot.yaml"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Print every decision with its rendered actions.")
    var decisions = false

    @Flag(help: "With each decision, show every condition of the rule, whether it held, and the value it saw.")
    var explain = false

    @Option(help: "With --compare, how many example changes to print (text format).")
    var examples = 20

    func validate() throws {
        _ = try from.map(Platforms.entry(forOption:))
        _ = try fromFake.map(Platforms.entry(forOption:))
        guard fakeActionsPerHour.isFinite, fakeActionsPerHour > 0, fakeActionsPerHour <= 3600 else {
            throw ValidationError("--fake-actions-per-hour must be a number of actions from more than 0 to 3600, such as 12")
        }
    }

    func run() async throws {
        let ruleSet = try Self.load(rules)
        let other = try compare.map(Self.load)
        guard [events != nil, from != nil, fromFake != nil].filter({ $0 }).count == 1 else {
            printError("error: give one of: a file of events, --from PLATFORM, or --from-fake PLATFORM")
            throw ExitCode(1)
        }
        if save != nil, events != nil {
            printError("error: --save keeps what --from or --from-fake read; a file of events is already saved")
            throw ExitCode(1)
        }

        var badLines = 0
        // A file is replayed as it is read, so memory does not grow with it; a platform's
        // events are read first (and saved with --save).
        var recorded: [Event] = []
        if events == nil {
            if let fromFake {
                recorded = try saved(try await FakeTrafficSource.events(platform: fromFake, span: try sinceSeconds(), actionsPerHour: fakeActionsPerHour))
            } else {
                recorded = try await readFromPlatform(from ?? "")
            }
        }

        let showDecisions = (decisions || explain) && format == .text && other == nil
        // Each evaluation is kept only when it is printed or compared.
        // Read from a file, what the replay replaces is freed on the reading core.
        var base = Replayer(ruleSet: ruleSet, returnsResults: showDecisions || other != nil, retires: events != nil, stopwatch: Self.stopwatch())
        var alternative = other.map { Replayer(ruleSet: $0, returnsResults: true, retires: events != nil, stopwatch: Self.stopwatch()) }
        var comparison = RuleSetComparison()
        func step(_ results: [Replayer.Replayed], _ others: [Replayer.Replayed]?) {
            if showDecisions {
                for decision in results.flatMap(\.evaluation.decisions) {
                    print(decision.line)
                    if explain { decision.explanation.lines(indent: "    ").forEach { print($0) } }
                }
            }
            if let others { comparison.compare(base: results, other: others) }
        }
        var end: Date?
        // The base replay lays its overlay on the event in place (the other rules take it as
        // recorded, first): an event held by nothing else is not copied.
        func replay(_ event: inout Event, numbered: ConversationNumbers.Number? = nil) {
            let others = alternative?.replay(event, numbered: numbered)
            step(base.replay(&event, numbered: numbered), others)
            end = max(end ?? event.time, event.time)
        }
        if let events {
            do {
                try await EventLines.read(events, retiring: { (base.takeRetired(), alternative?.takeRetired()) }) { line in
                    // The line lets go of its event while it is replayed, and takes it back
                    // to be freed on the reading core: swapped out and moved, not bound from
                    // the line, whose copy retained each of the event's parts.
                    var taken = Result<Event, EventLines.BadLine>.failure(EventLines.BadLine(reason: ""))
                    swap(&taken, &line.event)
                    switch consume taken {
                    case .success(var event):
                        replay(&event, numbered: line.conversation)
                        line.event = .success(event)
                    case .failure(let problem):
                        badLines += 1
                        printError("\(events):\(line.number): error: \(problem.reason)")
                    }
                }
            } catch {
                printError("error: cannot read \(events): \(error.reason)")
                throw ExitCode(1)
            }
        } else {
            for index in recorded.indices { replay(&recorded[index]) }
        }
        // Timers due by the last event's time fire too; later ones would need events not recorded.
        if let end {
            step(base.fireTimers(through: end), alternative?.fireTimers(through: end))
        }
        base.badLines = badLines
        alternative?.badLines = badLines

        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let alternative {
                print(String(decoding: try encoder.encode(ComparisonReport(base: base.report, other: alternative.report, comparison: comparison)), as: UTF8.self))
            } else {
                print(String(decoding: try encoder.encode(base.report), as: UTF8.self))
            }
        case .text:
            printText(base.report, ruleSet: ruleSet, source: events ?? fromFake.map { "a fake \($0) (since \(since))" } ?? "\(from ?? "") (since \(since))")
            if let alternative, let other, let compare {
                printComparison(comparison, base: base.report, other: alternative.report, baseRules: ruleSet, otherRules: other, otherPath: compare)
            }
        }
    }

    struct ComparisonReport: Encodable {
        var base: Replayer.Report
        var other: Replayer.Report
        var comparison: RuleSetComparison
    }

    /// Seconds since it was made, for a replay to time its evaluation. Read twice an event:
    /// through `ContinuousClock`, whose `Duration` arithmetic is 128-bit, the reads were 3%
    /// of the replaying core; the system's monotonic nanoseconds are a subtraction away.
    static func stopwatch() -> @Sendable () -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        return {
            let now = DispatchTime.now().uptimeNanoseconds
            return now > start ? Double(now - start) / 1e9 : 0
        }
    }

    static func load(_ path: String) throws -> CompiledRuleSet {
        let loaded = RuleLoader.load([path])
        guard !loaded.diagnostics.hasErrors, let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
            printError("error: the rules in \(path) are not valid; run 'inboxbot validate \(path)'")
            throw ExitCode(1)
        }
        return ruleSet
    }

    static func read(_ path: String) throws -> Data {
        do {
            return try EventLines.contents(of: path)
        } catch {
            printError("error: cannot read \(path): \(error.reason)")
            throw ExitCode(1)
        }
    }

    /// The past `since` from the platform, read-only, with progress on standard error.
    private func sinceSeconds() throws -> Int {
        guard case .success(let span) = TimeSpan.parse(since), span.seconds > 0 else {
            printError("error: --since must be a duration such as 7d or 12h, not '\(since.excerpt())'")
            throw ExitCode(1)
        }
        return span.seconds
    }

    private func readFromPlatform(_ name: String) async throws -> [Event] {
        let seconds = try sinceSeconds()
        let environment = ProcessInfo.processInfo.environment
        var configuration = try ReadOnlyConnection.configuration(config, environment: environment)
        configuration.platform = name
        let (platform, connector) = try ReadOnlyConnection.open(configuration, environment: environment, label: "inboxbot.replay")
        let events: [Event]
        do {
            let start = Date().addingTimeInterval(-Double(seconds))
            printError("reading \(platform.capabilities.title) since \(Timestamp.format(start)) (read-only)…")
            events = try await connector.history.events(since: start) { done, total in
                if done == total || done % 25 == 0 { printError("  \(done) of \(total) conversations read") }
            }
        } catch {
            printError("error: cannot read from \(platform.capabilities.title): \(error)")
            throw ExitCode(1)
        }
        return try saved(events)
    }

    /// The events read, after keeping them in --save's file when one is named.
    private func saved(_ events: [Event]) throws -> [Event] {
        printError("read \(events.count) events")
        if let save {
            guard FileManager.default.createFile(atPath: save, contents: Event.jsonLines(events)) else {
                printError("error: cannot write \(save)")
                throw ExitCode(1)
            }
            printError("saved \(events.count) events to \(save); replay them with: inboxbot replay --rules \(rules) \(save)")
        }
        return events
    }

    private func printText(_ report: Replayer.Report, ruleSet: CompiledRuleSet, source: String) {
        print("Replayed \(report.events) events from \(source) against \(ruleSet.ruleCount) rules from \(rules)"
            + (report.badLines > 0 ? " (\(report.badLines) bad lines skipped)" : ""))
        let width = ruleSet.source.rules.map(\.id.count).max() ?? 0
        for rule in ruleSet.source.rules {
            let count = report.perRule[rule.id] ?? 0
            let conversations = report.perRuleConversations[rule.id] ?? 0
            let actions = report.perRuleActions[rule.id] ?? 0
            let padding = String(repeating: " ", count: max(0, width - rule.id.count))
            print("  \(rule.id)\(padding)  \(count) match\(count == 1 ? "" : "es") in \(conversations) conversation\(conversations == 1 ? "" : "s"), "
                + "\(actions) action\(actions == 1 ? "" : "s")" + (rule.policy.shadow ? " (shadow: none carried out)" : ""))
        }
        print("Total: \(report.matches) matches, \(report.actions) actions, \(report.suppressed) suppressed by once, cooldown or sample"
            + (report.timersFired > 0 ? ", \(report.timersFired) timers fired" : "")
            + (report.renderFailures > 0 ? ", \(report.renderFailures) actions could not render" : ""))
        let rate = Int(report.eventsPerSecond.rounded())
        print(String(format: "Evaluation took %.4f s: %d events/s", report.elapsedSeconds, rate))
    }

    private func printComparison(_ comparison: RuleSetComparison, base: Replayer.Report, other: Replayer.Report,
                                 baseRules: CompiledRuleSet, otherRules: CompiledRuleSet, otherPath: String) {
        print("")
        print("Compared with \(otherPath) (\(otherRules.ruleCount) rules): \(comparison.changes.count) change\(comparison.changes.count == 1 ? "" : "s")"
            + " in \(comparison.perConversation.count) conversation\(comparison.perConversation.count == 1 ? "" : "s")")
        var ids = baseRules.source.rules.map(\.id)
        for rule in otherRules.source.rules where !ids.contains(rule.id) { ids.append(rule.id) }
        let width = ids.map(\.count).max() ?? 0
        for id in ids {
            // Decisions on both sides of the arrow and in the changes; actions beside, named.
            let before = base.perRuleActions[id], after = other.perRuleActions[id]
            let decided = comparison.decisions[id] ?? (0, 0)
            let counts = comparison.perRule[id] ?? [:]
            let what = before == nil ? "new" : after == nil ? "removed" : ""
            let padding = String(repeating: " ", count: max(0, width - id.count))
            let delta = ["added", "removed", "changed"].compactMap { key in counts[key].map { "\($0) \(key)" } }.joined(separator: ", ")
            print("  \(id)\(padding)  decisions \(decided.base) → \(decided.other)" + (what.isEmpty ? "" : " (\(what) rule)")
                + (delta.isEmpty ? "" : ": \(delta)") + "; actions \(before ?? 0) → \(after ?? 0)")
        }
        if !comparison.changes.isEmpty {
            print("Examples (+ only with \(otherPath), - only with \(rules), ~ different):")
            for change in comparison.changes.prefix(examples) { print("  \(change.line)") }
            if comparison.changes.count > examples { print("  … and \(comparison.changes.count - examples) more (--examples N, or --format json)") }
        }
    }
}
