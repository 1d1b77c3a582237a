import Foundation

/// What evaluating events of some conversations needs read from the store, by key: the
/// scopes whose firings count, the contacts' opt-out keys, and under `send_limit` whose
/// recent sends. Worked out once, so that a store reading it in one transaction
/// (`StateStore.pendingBatch`) and one reading it call by call ask for the same.
public struct EvaluationHistoryKeys: Sendable {
    /// The conversations' ids, and their contacts' scope keys where rules count per contact.
    public let firingScopes: Set<String>
    /// Every key the conversations' contacts are known by.
    public let optOutKeys: Set<String>
    /// The contacts' primary keys, when the rules limit sends; nil when they do not.
    public let sendKeys: Set<String>?
    /// Sends from this time on: the last three days cover any calendar day an event falls on.
    public let sendsSince: Date

    public init(conversations: [ConversationSnapshot], ruleSet: CompiledRuleSet, at now: Date) {
        let ids = Set(conversations.map(\.id))
        firingScopes = ruleSet.hasContactScopes ? ids.union(conversations.map(FiringPolicy.Scope.contact.key(of:))) : ids
        optOutKeys = Set(conversations.flatMap(ContactKey.keys(of:)))
        sendKeys = ruleSet.limitsSends ? Set(conversations.map(ContactKey.primary(of:))) : nil
        sendsSince = now.addingTimeInterval(-3 * 86_400)
    }
}
