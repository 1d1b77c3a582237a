import Foundation

extension StateStore {
    /// What evaluating events of these conversations needs from the store, read once: when
    /// rules last fired on them (and on their contacts, where rules count per contact), their
    /// contacts' opt-outs, and, under `send_limit`, their recent sends. The worker's pipeline
    /// reads it per batch; `explain` and the console read it to say what the worker would do.
    public func evaluationHistory(of conversations: [ConversationSnapshot], for ruleSet: CompiledRuleSet, at now: Date) async throws -> FiringLedger {
        var scopes = Set(conversations.map(\.id))
        if ruleSet.hasContactScopes { scopes.formUnion(conversations.map(FiringPolicy.Scope.contact.key(of:))) }
        // Sends of the last three days cover any calendar day an event of the batch falls on.
        let sends = ruleSet.limitsSends
            ? try await sendTimes(contactKeys: Set(conversations.map(ContactKey.primary(of:))), since: now.addingTimeInterval(-3 * 86_400)) : [:]
        return FiringLedger(firings: try await firings(conversationIDs: scopes),
                            optOuts: try await optOuts(contactKeys: Set(conversations.flatMap(ContactKey.keys(of:)))), sends: sends)
    }
}
