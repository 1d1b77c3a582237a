import Foundation
import InboxBotCore

/// Runs recorded events through a rule set, acting on nothing, and counts what would have happened.
struct Replayer {
    struct BadLine: Sendable {
        var line: Int
        var message: String
    }

    struct Report: Sendable, Encodable {
        var events = 0
        var badLines = 0
        var matches = 0
        var suppressed = 0
        var actions = 0
        var renderFailures = 0
        var perRule: [String: Int] = [:]
        var perRuleConversations: [String: Int] = [:]
        /// Actions each rule would have carried out (shadow rules' not counted).
        var perRuleActions: [String: Int] = [:]
        var elapsedSeconds = 0.0
        var eventsPerSecond: Double { elapsedSeconds > 0 ? Double(events) / elapsedSeconds : 0 }

        enum CodingKeys: String, CodingKey {
            case events, badLines = "bad_lines", matches, suppressed, actions, renderFailures = "render_failures"
            case perRule = "per_rule", perRuleConversations = "per_rule_conversations", perRuleActions = "per_rule_actions"
            case elapsedSeconds = "elapsed_seconds", eventsPerSecond = "events_per_second"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(events, forKey: .events)
            try container.encode(badLines, forKey: .badLines)
            try container.encode(matches, forKey: .matches)
            try container.encode(suppressed, forKey: .suppressed)
            try container.encode(actions, forKey: .actions)
            try container.encode(renderFailures, forKey: .renderFailures)
            try container.encode(perRule, forKey: .perRule)
            try container.encode(perRuleConversations, forKey: .perRuleConversations)
            try container.encode(perRuleActions, forKey: .perRuleActions)
            try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
            try container.encode(eventsPerSecond, forKey: .eventsPerSecond)
        }
    }

    let ruleSet: CompiledRuleSet
    private var ledger = FiringLedger()
    private var conversationsPerRule: [String: Set<String>] = [:]
    var report = Report()

    init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        for rule in ruleSet.source.rules {
            report.perRule[rule.id] = 0
            report.perRuleActions[rule.id] = 0
        }
    }

    /// Evaluates one event at its own time and records the would-be decisions.
    mutating func replay(_ event: Event) -> Evaluation {
        let start = ContinuousClock.now
        let evaluation = ruleSet.evaluate(event, at: event.time, history: ledger, fromBot: event.isSentByBot)
        let elapsed = ContinuousClock.now - start
        report.elapsedSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        report.events += 1
        report.suppressed += evaluation.suppressed.count
        for decision in evaluation.decisions {
            ledger.record(decision, at: event.time)
            report.matches += 1
            report.perRule[decision.ruleID, default: 0] += 1
            conversationsPerRule[decision.ruleID, default: []].insert(decision.conversationID)
            for action in decision.actions {
                if case .failure = action.result {
                    report.renderFailures += 1
                } else if !decision.shadow {
                    report.actions += 1
                    report.perRuleActions[decision.ruleID, default: 0] += 1
                }
            }
        }
        report.perRuleConversations = conversationsPerRule.mapValues(\.count)
        return evaluation
    }

    /// The events of a JSON Lines file. A blank line is skipped; a malformed one is
    /// reported with its 1-based number, and reading goes on.
    static func events(lines data: Data, badLine: (_ number: Int, _ reason: String) -> Void) -> [Event] {
        let decoder = JSONDecoder()
        var events: [Event] = []
        for (offset, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            do {
                events.append(try decoder.decode(Event.self, from: Data(line)))
            } catch {
                badLine(offset + 1, describe(error))
            }
        }
        return events
    }

    /// A one-line reason for a line that does not decode.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            // An unknown key's message already names it.
            return context.debugDescription.hasPrefix("unknown key") ? context.debugDescription : context.debugDescription + path(context)
        case .keyNotFound(let key, let context):
            return context.debugDescription.isEmpty || context.debugDescription.hasPrefix("No value")
                ? "missing '\(key.stringValue)'\(path(context))" : context.debugDescription + path(context)
        case .typeMismatch(let type, let context):
            return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type), found null\(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
