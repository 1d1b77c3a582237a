import Foundation

extension StateStore {
    /// Reads the batch call by call; stores that can read it in one transaction do so.
    public func pendingBatch(limit: Int, for ruleSet: CompiledRuleSet, at now: Date, budgetSince: Date?) async throws -> PendingBatch {
        let events = try await pendingEvents(limit: limit)
        guard !events.isEmpty else { return .empty }
        let conversations = events.map(\.conversation)
        let history = try await evaluationHistory(of: conversations, for: ruleSet, at: now)
        let spent = if let budgetSince { try await actionCounts(conversationIDs: Set(conversations.map(\.id)), since: budgetSince) } else { [String: Int]() }
        return PendingBatch(events: events, history: history, spent: spent)
    }
}
