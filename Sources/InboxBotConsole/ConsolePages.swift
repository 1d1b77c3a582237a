import Foundation
import InboxBotCore

/// The pages' contents, read from the store and the worker's facts with the same calls the
/// commands make (`inboxbot status`, `audit`, `actions`), shaped for the templates.
enum ConsolePages {
    struct ActivityRow {
        let time: String
        let conversation: String?
        let link: String
        let rule: String
        let kind: String
        let message: String
        /// The explanation of the event behind a decision, suppression or dry-run line.
        let explanation: String?

        init(_ record: AuditRecord) {
            time = Timestamp.format(record.time)
            conversation = record.conversationID
            link = ConsolePages.link(to: record.conversationID ?? "")
            rule = record.ruleID ?? ""
            kind = record.kind.rawValue
            message = record.message
            explanation = [.decision, .suppressed, .dryRun].contains(record.kind) ? record.eventID.map(ConsolePages.explanationLink) : nil
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

    struct Record {
        let time: String
        let kind: String
        let rule: String
        let message: String
        let event: String
        let explanation: String?
    }

    struct Conversation {
        let title: String
        let id: String
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

    /// The console's address for a conversation.
    static func link(to conversation: String) -> String {
        "/console/conversation?id=" + (conversation.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// The console's address for an event's explanation.
    static func explanationLink(_ eventID: String) -> String {
        "/console/explain?event=" + (eventID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
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

    static func conversation(_ id: String, store: any StateStore) async throws -> Conversation {
        let records = try await store.audit(conversationID: id, limit: 500)
        return Conversation(title: "Conversation", id: id, records: records.map { record in
            Record(time: Timestamp.format(record.time), kind: record.kind.rawValue, rule: record.ruleID ?? "", message: record.message, event: record.eventID ?? "",
                   explanation: record.eventID.map(explanationLink))
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

    /// What every rule in force makes of a stored event, as `inboxbot explain --event` prints
    /// it: once and cooldown as the store has them now.
    static func explanation(of eventID: String, store: any StateStore, rules: ConsoleFacts.Rules) async throws -> Explanation {
        let ruleSet = rules.ruleSet
        guard let event = try await store.event(id: eventID) else {
            return Explanation(found: false, event: eventID, conversation: "", link: "", version: ruleSet.version, lines: [])
        }
        let history = FiringLedger(firings: try await store.firings(conversationIDs: [event.conversation.id]))
        var lines = event.explanationHeader
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
