import Foundation

extension StateStore {
    /// What evaluating events of these conversations needs from the store, read once: when
    /// rules last fired on them (and on their contacts, where rules count per contact), their
    /// contacts' opt-outs, and, under `send_limit`, their recent sends. The worker's pipeline
    /// reads it per batch; `explain` and the console read it to say what the worker would do.
    public func evaluationHistory(of conversations: [ConversationSnapshot], for ruleSet: CompiledRuleSet, at now: Date) async throws -> FiringLedger {
        let keys = EvaluationHistoryKeys(conversations: conversations, ruleSet: ruleSet, at: now)
        let sends = if let sendKeys = keys.sendKeys { try await sendTimes(contactKeys: sendKeys, since: keys.sendsSince) } else { [String: [Date]]() }
        return FiringLedger(firings: try await firings(conversationIDs: keys.firingScopes), optOuts: try await optOuts(contactKeys: keys.optOutKeys), sends: sends)
    }
}
