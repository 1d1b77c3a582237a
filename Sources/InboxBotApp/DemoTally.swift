import InboxBotCore

/// What the demo saw, for its closing summary.
actor DemoTally {
    var eventsBySource: [String: Int] = [:]
    var repeatsDropped = 0
    var decisionsByRule: [String: Int] = [:]
    var heldBack = 0
    var outcomes: [String: Int] = [:]

    func admitted(source: String, isNew: Bool) {
        if isNew { eventsBySource[source, default: 0] += 1 } else { repeatsDropped += 1 }
    }

    func processed(_ records: [AuditRecord]) {
        for record in records {
            switch record.kind {
            case .decision: decisionsByRule[record.ruleID ?? "?", default: 0] += 1
            case .suppressed: heldBack += 1
            default: break
            }
        }
    }

    func executed(_ outcome: ActionOutcome) {
        let name = switch outcome {
        case .done: "done"
        case .failed: "dead-lettered"
        case .unknown: "unknown (to settle)"
        }
        outcomes[name, default: 0] += 1
    }

    func summary() -> [String] {
        let events = eventsBySource.values.reduce(0, +)
        var lines = ["", "Summary",
                     "  events: \(events) (" + eventsBySource.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ")
                        + "), \(repeatsDropped) repeats dropped by id"]
        lines.append("  rules that acted: " + (decisionsByRule.isEmpty ? "none" : decisionsByRule.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")))
        lines.append("  held back by once, cooldown or sample: \(heldBack)")
        lines.append("  actions: " + (outcomes.isEmpty ? "none" : outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))
        return lines
    }
}
