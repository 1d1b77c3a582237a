extension RuleSet {
    /// An error, at its place, for every `call` naming an endpoint the configuration does not
    /// have: the worker refuses such rules at start and on reload, as `validate --config` does.
    public func endpointProblems(known: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for rule in rules {
            for action in rule.actions {
                guard case .call(let call) = action.kind, !known.contains(call.endpoint) else { continue }
                let names = known.sorted()
                let where_ = names.isEmpty ? "; add it under 'endpoints:' in inboxbot.yaml"
                    : Suggestion.hint(for: call.endpoint, among: names) + " (endpoints: \(names.joined(separator: ", ")))"
                problems.append(.error("rule '\(rule.id)': no endpoint '\(call.endpoint)' in the configuration\(where_)", at: action.location ?? rule.location))
            }
        }
        return problems
    }
}
