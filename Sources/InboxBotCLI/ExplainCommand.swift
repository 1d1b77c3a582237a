import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotPlatforms
import InboxBotState
import InboxBotWorker
import InboxBotYAML

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what every rule makes of an event: each condition with the value it saw, and why a rule did or did not act.",
        discussion: """
            The event comes from one of:
              a JSON file of events (one per line, as in docs/events.md; '-' reads standard input)
              --event ID       an event the worker took in, from its state file (with --conversation ID,
                               it must be that conversation's)
              --conversation ID  the newest event of a live conversation, read from the configured
                               platform (read-only; credentials come from the environment, as for 'run')
            With a state file (--state, or the one the configuration names), once, cooldown and
            the action budget are taken from it as they stand now. Nothing is ever carried out.
            """.reflowed
    )

    @Argument(help: "A JSON Lines file of events to explain, each in turn ('-' for standard input).", completion: .file())
    var events: String?

    @Option(help: "The rules directory or file; by default the one the configuration names.", completion: .file())
    var rules: String?

    @Option(help: "Explain this event from the state file.")
    var event: String?

    @Option(help: "Explain the newest event of this conversation, read from the platform.")
    var conversation: String?

    @Option(help: "Show only these rules (repeat for more).")
    var rule: [String] = []

    @OptionGroup var state: StateOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = (try? WorkerConfiguration.load(
            path: FileManager.default.fileExists(atPath: state.config) ? state.config : nil, environment: environment)) ?? WorkerConfiguration()
        let rulesPath = rules ?? configuration.rules
        let loaded = RuleLoader.load([rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
            printError("error: the rules in \(rulesPath) are not valid; run 'inboxbot validate \(rulesPath)'")
            throw ExitCode(1)
        }
        for id in rule where !ruleSet.source.rules.contains(where: { $0.id == id }) {
            printError("error: no rule '\(id)' in \(rulesPath)\(Suggestion.hint(for: id, among: ruleSet.source.rules.map(\.id)))")
            throw ExitCode(1)
        }
        guard [events != nil, event != nil, conversation != nil && event == nil].filter({ $0 }).count == 1 else {
            printError("error: give one of: a file of events, --event ID, or --conversation ID (see --help)")
            throw ExitCode(1)
        }
        let statePath = state.state ?? configuration.state
        let store = FileManager.default.fileExists(atPath: statePath) ? try SQLiteStateStore(path: statePath) : nil

        var explained: [Event] = []
        if let events {
            explained = try readEvents(events)
        } else if let event {
            guard let store else {
                printError("error: no state file at \(statePath); pass --state")
                throw ExitCode(1)
            }
            guard let found = try await store.event(id: event) else {
                printError("error: the state file has no event \(event) (or retention removed it)")
                throw ExitCode(1)
            }
            if let conversation, !Platforms.conversationIDs(matching: conversation).contains(found.conversation.id) {
                printError("error: event \(event) belongs to conversation \(found.conversation.id), not \(conversation)")
                throw ExitCode(1)
            }
            explained = [found]
        } else if let conversation {
            let (platform, connector) = try ReadOnlyConnection.open(configuration, environment: environment, label: "inboxbot.explain")
            let history: [Event]
            do {
                history = try await connector.history.events(conversationID: conversation, since: nil)
            } catch {
                printError("error: cannot read conversation \(conversation) from \(platform.capabilities.title): \(error)")
                throw ExitCode(1)
            }
            guard let newest = history.last else {
                printError("error: conversation \(conversation) has no events yet")
                throw ExitCode(1)
            }
            explained = [newest]
        }

        print("Rules: \(ruleSet.ruleCount) from \(rulesPath), version \(ruleSet.version)")
        if store == nil { print("State: none at \(statePath), so once, cooldown and the budget start empty") }
        var ledger = FiringLedger()
        let budget = ActionBudget(maximumActions: configuration.budgetActions, windowSeconds: configuration.budgetWindowSeconds)
        for item in explained {
            var history = ledger
            var used: Int?
            if let store {
                history = try await store.evaluationHistory(of: [item.conversation], for: ruleSet, at: item.time)
                used = try await store.actionCounts(conversationIDs: [item.conversation.id], since: Date().addingTimeInterval(-budget.windowSeconds))[item.conversation.id] ?? 0
            }
            print("")
            print(item.explanationHeader.joined(separator: "\n"))
            let fromBot = item.isSentByBot
            if fromBot { print("  the bot's own message: only rules with own_messages: true run") }
            let verdicts = ruleSet.explain(item, at: item.time, history: history, fromBot: fromBot)
            // The action budget, spent in rule order as the pipeline spends it.
            var spent = used ?? 0
            for verdict in verdicts {
                var heldBack = 0
                if used != nil, verdict.outcome == .acted {
                    for _ in verdict.actions {
                        if spent >= budget.maximumActions { heldBack += 1 } else { spent += 1 }
                    }
                }
                guard rule.isEmpty || rule.contains(verdict.ruleID) else { continue }
                verdict.lines(indent: "  ").forEach { print($0) }
                if heldBack > 0 {
                    print("      held back by the action budget: \(heldBack) of its actions (\(budget.maximumActions) per conversation in \(TimeSpan(seconds: budget.windowSeconds.clampedInt(to: 0...Int.max))))")
                }
            }
            if let used {
                print("  budget: \(used) of \(budget.maximumActions) actions used on this conversation in the last \(TimeSpan(seconds: budget.windowSeconds.clampedInt(to: 0...Int.max)))")
            }
            // Later events in a file see what these decisions did to once and cooldown.
            for decision in ruleSet.evaluate(item, at: item.time, history: history, fromBot: fromBot).decisions {
                ledger.record(decision, at: item.time)
            }
        }
    }

    private func readEvents(_ path: String) throws -> [Event] {
        var failed = false
        let events = Replayer.events(lines: try ReplayCommand.read(path)) { number, reason in
            printError("\(path):\(number): error: \(reason)")
            failed = true
        }
        guard !failed, !events.isEmpty else {
            if !failed { printError("error: \(path) holds no events") }
            throw ExitCode(1)
        }
        return events
    }
}
