import InboxBotCore

/// What changes between two rule sets over the same events: per event and rule, actions
/// only the other set takes (added), only the base takes (removed), or that differ.
struct RuleSetComparison: Encodable {
    struct Change: Encodable, Sendable {
        enum Kind: String, Encodable, Sendable {
            case added, removed, changed
        }

        var event: String
        var conversation: String
        var rule: String
        var kind: Kind
        var base: [String]
        var other: [String]

        var line: String {
            switch kind {
            case .added: "+ \(event) \(conversation) \(rule): \(other.joined(separator: "; "))"
            case .removed: "- \(event) \(conversation) \(rule): \(base.joined(separator: "; "))"
            case .changed: "~ \(event) \(conversation) \(rule): \(base.joined(separator: "; ")) → \(other.joined(separator: "; "))"
            }
        }
    }

    private(set) var changes: [Change] = []
    /// Per rule, the decisions that carry out actions (shadow ones do not) with each rule set:
    /// the unit the changes are counted in.
    private(set) var decisions: [String: (base: Int, other: Int)] = [:]

    /// The actions each rule carries out for the evaluation (shadow rules carry out none).
    static func actions(_ evaluation: Evaluation) -> [String: [String]] {
        var actions: [String: [String]] = [:]
        for decision in evaluation.decisions where !decision.shadow {
            actions[decision.ruleID] = decision.actions.map(\.summary)
        }
        return actions
    }

    /// Compares what both rule sets made of one step of the replay: an event, and the timers
    /// that came due before it (matched by their event ids).
    mutating func compare(base: [Replayer.Replayed], other: [Replayer.Replayed]) {
        var events: [String: Event] = [:]
        var order: [String] = []
        var before: [String: [String: [String]]] = [:], after: [String: [String: [String]]] = [:]
        for result in base {
            let event = result.event
            if events.updateValue(event, forKey: event.id) == nil { order.append(event.id) }
            before[event.id] = Self.actions(result.evaluation)
            for rule in before[event.id]?.keys ?? [:].keys { decisions[rule, default: (0, 0)].base += 1 }
        }
        for result in other {
            let event = result.event
            if events.updateValue(event, forKey: event.id) == nil { order.append(event.id) }
            after[event.id] = Self.actions(result.evaluation)
            for rule in after[event.id]?.keys ?? [:].keys { decisions[rule, default: (0, 0)].other += 1 }
        }
        for id in order {
            guard let event = events[id] else { continue }
            let a = before[id] ?? [:], b = after[id] ?? [:]
            for rule in Set(a.keys).union(b.keys).sorted() {
                let kind: Change.Kind
                switch (a[rule], b[rule]) {
                case (nil, _?): kind = .added
                case (_?, nil): kind = .removed
                case let (x?, y?) where x != y: kind = .changed
                default: continue
                }
                changes.append(Change(event: id, conversation: event.conversation.id, rule: rule, kind: kind, base: a[rule] ?? [], other: b[rule] ?? []))
            }
        }
    }

    /// Per rule, how many events' actions it added, removed and changed.
    var perRule: [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for change in changes { counts[change.rule, default: [:]][change.kind.rawValue, default: 0] += 1 }
        return counts
    }

    /// Per conversation, how many changes.
    var perConversation: [String: Int] {
        var counts: [String: Int] = [:]
        for change in changes { counts[change.conversation, default: 0] += 1 }
        return counts
    }

    enum CodingKeys: String, CodingKey {
        case changes, perRule = "per_rule", perConversation = "per_conversation"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(changes, forKey: .changes)
        try container.encode(perRule, forKey: .perRule)
        try container.encode(perConversation, forKey: .perConversation)
    }
}
