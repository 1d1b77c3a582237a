import Foundation
import InboxBotCore

/// The pages' contents, read from the store and the worker's facts with the same calls the
/// commands make (`inboxbot status`, `audit`, `actions`), shaped for the templates.
enum ConsolePages {
    struct ActivityRow {
        let time: String
        let conversation: String?
        let link: String
        let rule: String?
        let ruleLink: String
        let kind: String
        let message: String
        /// The explanation of the event behind a decision, suppression or dry-run line.
        let explanation: String?

        init(_ record: AuditRecord) {
            time = Timestamp.format(record.time)
            conversation = record.conversationID
            link = ConsolePages.link(to: record.conversationID ?? "")
            rule = record.ruleID
            ruleLink = ConsolePages.ruleLink(record.ruleID ?? "")
            kind = record.kind.rawValue
            message = record.message
            explanation = [.decision, .suppressed, .dryRun].contains(record.kind) ? ConsolePages.explanationLink(record) : nil
        }
    }

    struct Activity {
        let title = "Activity"
        let rule: String
        let conversation: String
        let kinds: [KindChoice]
        let rows: [ActivityRow]
        let shown: Int
    }

    struct KindChoice {
        let kind: String
        let selected: Bool
    }

    struct Explanation {
        let title = "Explanation"
        let found: Bool
        let event: String
        let conversation: String
        let link: String
        let version: String
        let lines: [String]
    }

    struct StateCount {
        let state: String
        let count: Int
        let last: Bool
    }

    struct Now {
        let title = "Now"
        let platform: String
        let dryRun: Bool
        let ready: Bool
        let reasons: [String]
        let version: String
        let ruleCount: Int
        let loadedAt: String?
        let rejected: Bool
        let rejection: [String]
        let pendingEvents: Int
        let lag: String?
        let actionStates: [StateCount]
        let timersArmed: Int
        let nextTimer: String?
        let activity: [ActivityRow]
    }

    struct RuleCount {
        let kind: String
        let hour: Int
        let day: Int
    }

    struct TestRow {
        let name: String
        let place: String
        let passed: Bool
    }

    struct LedgerRow {
        let conversation: String
        let link: String
        let lastActed: String
    }

    struct RulePage {
        let title = "Rule"
        let id: String
        let found: Bool
        let known: [String]
        let description: String
        let place: String
        let policy: String?
        let text: String
        let counts: [RuleCount]
        let ledger: [LedgerRow]
        let ledgerNote: String
        let tests: [TestRow]
        let activity: [ActivityRow]
    }

    struct Trial {
        let title = "Try the rules"
        let say: String
        let event: String
        let tried: Bool
        let problem: String?
        let version: String
        let lines: [String]
    }

    struct Record {
        let time: String
        let kind: String
        let rule: String?
        let ruleLink: String
        let message: String
        let event: String
        let explanation: String?
    }

    struct ArmedTimer {
        let rule: String
        let ruleLink: String
        let kind: String
        let dueAt: String
        let armedAt: String
    }

    struct Conversation {
        let title: String
        let id: String
        let timers: [ArmedTimer]
        let records: [Record]
    }

    struct Entry {
        let state: String
        let key: String
        let summary: String
        let rule: String
        let attempts: Int
        let conversation: String
        let link: String
        let detail: String
        let retryable: Bool
    }

    struct Actions {
        let title = "Needs attention"
        let notice: String?
        let canRetry: Bool
        let entries: [Entry]
    }

    /// A console page's address with one parameter, whatever characters its value holds.
    static func address(_ path: String, _ parameter: String, _ value: String) -> String {
        "\(path)?\(parameter)=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static func link(to conversation: String) -> String { address("/console/conversation", "id", conversation) }

    static func ruleLink(_ id: String) -> String { address("/console/rule", "id", id) }

    /// The explanation of the event behind a record; none for a timer's (its record says why it
    /// fired), whose id names no stored event.
    static func explanationLink(_ record: AuditRecord) -> String? {
        guard let eventID = record.eventID, !eventID.hasPrefix(TimerRecord.firingPrefix) else { return nil }
        return address("/console/explain", "event", eventID)
    }

    /// The worker now, and its latest activity, newest first.
    static func now(store: any StateStore, facts: ConsoleFacts, at time: Date) async throws -> Now {
        let reasons = await facts.readiness()
        let rules = await facts.rules()
        let counts = try await store.counts()
        let oldest = try await store.oldestPendingEventReceivedAt()
        let next = try await store.dueTimers(at: .distantFuture, limit: 1).first
        let states = OutboxEntry.State.allCases
        return Now(
            platform: facts.platform, dryRun: facts.dryRun, ready: reasons.isEmpty, reasons: reasons,
            version: rules.ruleSet.version, ruleCount: rules.ruleSet.ruleCount, loadedAt: rules.loadedAt.map(Timestamp.format),
            rejected: !rules.rejection.isEmpty, rejection: rules.rejection,
            pendingEvents: counts.pendingEvents,
            lag: oldest.map { "\(TimeSpan(seconds: max(0, time.timeIntervalSince($0)).clampedInt(to: 0...Int.max)))" },
            actionStates: states.enumerated().map { StateCount(state: $0.element.rawValue, count: counts.actions[$0.element] ?? 0, last: $0.offset == states.count - 1) },
            timersArmed: try await store.armedTimerCount(),
            nextTimer: next.map { "at \(Timestamp.format($0.dueAt)) (rule \($0.ruleID), conversation \($0.conversationID))" },
            activity: try await store.recentAudit(limit: 50).reversed().map(ActivityRow.init))
    }

    /// A conversation's history as the audit has it, and its timers armed now (found among the
    /// first 10,000 due, soonest first).
    static func conversation(_ id: String, store: any StateStore) async throws -> Conversation {
        let records = try await store.audit(conversationID: id, limit: 500)
        let timers = try await store.dueTimers(at: .distantFuture, limit: 10_000).filter { $0.conversationID == id }.map { timer in
            ArmedTimer(rule: timer.ruleID, ruleLink: ruleLink(timer.ruleID), kind: String(timer.kind), dueAt: Timestamp.format(timer.dueAt),
                       armedAt: Timestamp.format(timer.armedAt))
        }
        return Conversation(title: "Conversation", id: id, timers: timers, records: records.map { record in
            Record(time: Timestamp.format(record.time), kind: record.kind.rawValue, rule: record.ruleID, ruleLink: ruleLink(record.ruleID ?? ""),
                   message: record.message, event: record.eventID ?? "",
                   explanation: explanationLink(record))
        })
    }

    /// The latest audit records, newest first, those of one rule, conversation or kind when
    /// asked; read from the last 1,000.
    static func activity(store: any StateStore, rule: String, conversation: String, kind: String) async throws -> Activity {
        let rows = try await store.recentAudit(limit: 1_000).reversed().filter { record in
            (rule.isEmpty || record.ruleID == rule) && (conversation.isEmpty || record.conversationID == conversation)
                && (kind.isEmpty || record.kind.rawValue == kind)
        }.prefix(200).map(ActivityRow.init)
        return Activity(rule: rule, conversation: conversation, kinds: AuditRecord.Kind.allCases.map { KindChoice(kind: $0.rawValue, selected: $0.rawValue == kind) },
                        rows: Array(rows), shown: rows.count)
    }

    /// A rule in force: its text as its file holds it, its decisions and suppressions over the
    /// last hour and day (from the last 5,000 audit records), the conversations it acted on with
    /// when (the once/cooldown ledger, from the store), the rule tests that expect or took its
    /// actions, and its latest records.
    static func rule(_ id: String, store: any StateStore, rules: ConsoleFacts.Rules, tests: [RuleTestResult], at time: Date) async throws -> RulePage {
        let all = rules.ruleSet.source.rules
        guard let rule = all.first(where: { $0.id == id }) else {
            return RulePage(id: id, found: false, known: all.map(\.id), description: "", place: "", policy: nil, text: "", counts: [], ledger: [], ledgerNote: "", tests: [], activity: [])
        }
        let records = try await store.recentAudit(limit: 5_000).filter { $0.ruleID == id }
        let counts = [AuditRecord.Kind.decision, .suppressed, .dryRun, .result].map { kind in
            let ofKind = records.filter { $0.kind == kind }
            return RuleCount(kind: kind.rawValue, hour: ofKind.filter { time.timeIntervalSince($0.time) <= 3600 }.count,
                             day: ofKind.filter { time.timeIntervalSince($0.time) <= 86_400 }.count)
        }
        let acted = Set(records.filter { $0.kind == .decision }.compactMap(\.conversationID))
        let firings = try await store.firings(conversationIDs: acted)
        let ledger = firings.compactMap { conversation, rules in
            rules[id].map { (conversation, $0) }
        }.sorted { $0.1 > $1.1 }.prefix(100).map { LedgerRow(conversation: $0.0, link: link(to: $0.0), lastActed: Timestamp.format($0.1)) }
        let policy = rule.policy
        let policyWords = [policy.enabled ? nil : "disabled", policy.shadow ? "shadow (reports, never acts)" : nil, policy.once ? "once per conversation" : nil,
                           policy.cooldown.map { "cooldown \($0)" }, policy.stop ? "stops later rules" : nil, policy.ownMessages ? "runs on the bot's own messages" : nil]
        return RulePage(id: id, found: true, known: [], description: rule.description ?? "", place: rule.location?.description ?? "",
                        policy: policyWords.contains { $0 != nil } ? policyWords.compactMap { $0 }.joined(separator: ", ") : nil, text: Self.text(of: rule, among: all),
                        counts: counts, ledger: Array(ledger),
                        ledgerNote: policy.limitsFiring ? "It has acted on no conversation lately." : "It has neither once nor cooldown, so it keeps no ledger.",
                        tests: tests.filter { test in test.taken.contains { $0.ruleID == id } || test.missing.contains { $0.ruleID == id } }.map { test in
                            TestRow(name: test.name, place: test.location.map { "\($0.file):\($0.line)" } ?? "", passed: test.passed)
                        },
                        activity: records.reversed().prefix(20).map(ActivityRow.init))
    }

    /// The rule's lines as its file holds them now: from its start to the next rule's, at most 120.
    static func text(of rule: Rule, among rules: [Rule]) -> String {
        guard let location = rule.location, let contents = try? String(contentsOfFile: location.file, encoding: .utf8) else {
            return "(its file cannot be read now)"
        }
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        let next = rules.compactMap(\.location).filter { $0.file == location.file && $0.line > location.line }.map(\.line).min() ?? lines.count + 1
        let start = max(0, location.line - 1), end = min(lines.count, next - 1, start + 120)
        guard start < end else { return "" }
        return lines[start..<end].joined(separator: "\n")
    }

    /// What every rule in force would make of a customer's sentence, or of an event in the form
    /// of docs/events.md, now; nothing is carried out, and once and cooldown start empty.
    static func trial(say: String, event json: String, rules: ConsoleFacts.Rules, at time: Date) -> Trial {
        let ruleSet = rules.ruleSet
        func result(_ lines: [String], problem: String? = nil) -> Trial {
            Trial(say: say, event: json, tried: !say.isEmpty || !json.isEmpty, problem: problem, version: ruleSet.version, lines: lines)
        }
        let event: Event
        if !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                event = try JSONDecoder().decode(Event.self, from: Data(json.utf8))
            } catch {
                return result([], problem: "That is not an event in the form of docs/events.md: \(String("\(error)".prefix(400)))")
            }
        } else if !say.isEmpty {
            event = Event(id: "try", type: .messageReceived, time: time,
                          conversation: ConversationSnapshot(id: "try", contact: Contact(name: "Test Customer", phone: "+966500000001")),
                          message: Message(direction: .inbound, body: say))
        } else {
            return result([])
        }
        var lines = event.explanationHeader()
        for verdict in ruleSet.explain(event, at: event.time, history: FiringLedger(), fromBot: event.isSentByBot) {
            lines += verdict.lines(indent: "  ")
        }
        return result(lines)
    }

    /// What every rule in force makes of a stored event, as `inboxbot explain --event` prints
    /// it: once and cooldown as the store has them now.
    static func explanation(of eventID: String, store: any StateStore, rules: ConsoleFacts.Rules) async throws -> Explanation {
        let ruleSet = rules.ruleSet
        guard let event = try await store.event(id: eventID) else {
            return Explanation(found: false, event: eventID, conversation: "", link: "", version: ruleSet.version, lines: [])
        }
        let history = try await store.evaluationHistory(of: [event.conversation], for: ruleSet, at: event.time)
        var lines = event.explanationHeader()
        if event.isSentByBot { lines.append("  the bot's own message: only rules with own_messages: true run") }
        for verdict in ruleSet.explain(event, at: event.time, history: history, fromBot: event.isSentByBot) {
            lines += verdict.lines(indent: "  ")
        }
        return Explanation(found: true, event: eventID, conversation: event.conversation.id, link: link(to: event.conversation.id), version: ruleSet.version,
                           lines: lines)
    }

    static func actions(store: any StateStore, canRetry: Bool, notice: String?) async throws -> Actions {
        let entries = try await store.actions(in: [.deadLetter, .unknown], limit: 500)
        return Actions(notice: notice, canRetry: canRetry, entries: entries.map { entry in
            Entry(state: entry.state.rawValue, key: entry.key, summary: entry.action.summary, rule: entry.ruleID, attempts: entry.attempts,
                  conversation: entry.conversationID, link: link(to: entry.conversationID), detail: entry.detail ?? "",
                  retryable: entry.state == .deadLetter)
        })
    }
}
