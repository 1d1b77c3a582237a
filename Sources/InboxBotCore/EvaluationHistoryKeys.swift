import Foundation

/// What evaluating events of some conversations needs read from the store, by key: the
/// scopes whose firings count, the contacts' opt-out keys, and under `send_limit` whose
/// recent sends. Worked out once, so that a store reading it in one transaction
/// (`StateStore.pendingBatch`) and one reading it call by call ask for the same.
public struct EvaluationHistoryKeys: Sendable, Hashable {
    /// The conversations' ids, and their contacts' scope keys where rules count per contact.
    public var firingScopes: Set<String>
    /// Every key the conversations' contacts are known by.
    public var optOutKeys: Set<String>
    /// The contacts' primary keys, when the rules limit sends; nil when they do not.
    public var sendKeys: Set<String>?
    /// Sends from this time on: the last three days cover any calendar day an event falls on.
    public var sendsSince: Date

    public init(conversations: [ConversationSnapshot], ruleSet: CompiledRuleSet, at now: Date) {
        firingScopes = Set(conversations.map(\.id))
        if ruleSet.hasContactScopes { firingScopes.formUnion(conversations.map(FiringPolicy.Scope.contact.key(of:))) }
        optOutKeys = Set(conversations.flatMap(ContactKey.keys(of:)))
        sendKeys = ruleSet.limitsSends ? Set(conversations.map(ContactKey.primary(of:))) : nil
        sendsSince = now.addingTimeInterval(-3 * 86_400)
    }
}
