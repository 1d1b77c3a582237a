import Foundation

/// An in-memory evaluation history, for replay, tests and dry runs, and for the worker's
/// batch (read from the store, then kept up to date as each event is evaluated).
public struct FiringLedger: EvaluationHistory, Sendable {
    /// When each rule last fired in each scope: one table, so a lookup hashes once.
    private var fired: [Firing: Date] = [:]
    private var optOuts: [String: OptOut] = [:]
    private var sends: [String: [Date]] = [:]

    public init() {}

    /// A ledger for one conversation, from the times its rules last fired.
    public init(firings: [String: Date], conversationID: String) {
        self.init(firings: [conversationID: firings])
    }

    /// A ledger from the times rules last fired (scope, then rule id), the contacts' opt-outs
    /// and their recent sends, each by contact key.
    public init(firings: [String: [String: Date]], optOuts: [String: OptOut] = [:], sends: [String: [Date]] = [:]) {
        for (scope, rules) in firings {
            for (rule, time) in rules { fired[Firing(rule: rule, scope: scope)] = time }
        }
        self.optOuts = optOuts
        self.sends = sends
    }

    public func lastFiring(rule: String, scope: String) -> Date? {
        fired[Firing(rule: rule, scope: scope)]
    }

    public func optOut(of contactKeys: [String]) -> OptOut? {
        guard !optOuts.isEmpty else { return nil }
        for key in contactKeys { if let optOut = optOuts[key] { return optOut } }
        return nil
    }

    public var hasOptOuts: Bool { !optOuts.isEmpty }

    public func sendTimes(to contactKey: String) -> [Date] {
        sends[contactKey] ?? []
    }

    /// Remembers what a decision changed: its firing (only rules with `once` or `cooldown`
    /// ever ask), and the opt-outs and sends of its actions, which it returns for the store.
    /// Shadow decisions change nothing.
    @discardableResult
    public mutating func record(_ decision: Decision, at time: Date) -> [ContactChange] {
        guard decision.changesHistory else { return [] }
        if decision.limitsFiring { fired[Firing(rule: decision.ruleID, scope: decision.firingScope)] = time }
        let changes = decision.contactChanges(at: time)
        for change in changes { apply(change) }
        return changes
    }

    /// `record(_:at:)` for each of an evaluation's decisions, in order.
    public mutating func record(_ evaluation: Evaluation, at time: Date) {
        // Asked of each in place first: most record nothing, and are then not copied.
        for index in evaluation.decisions.indices where evaluation.decisions[index].changesHistory {
            record(evaluation.decisions[index], at: time)
        }
    }

    public mutating func apply(_ change: ContactChange) {
        switch change {
        // The first opt-out stands, as in the stores: its event's own sends before it were let through.
        case .optOut(let keys, let optOut): for key in keys where optOuts[key] == nil { optOuts[key] = optOut }
        case .optIn(let keys):
            let events = Set(keys.compactMap { optOuts[$0]?.eventID })
            optOuts = optOuts.filter { !keys.contains($0.key) && !events.contains($0.value.eventID) }
        case .sent(let key, let time): sends[key, default: []].append(time)
        }
    }

    /// A rule in a scope (a conversation or a contact), with its hash worked out once, a word
    /// at a time (`IDNumbers.hash`): hashed by `Hasher`, each lookup ran SipHash over both
    /// strings, and each growth of the table over all of them again.
    private struct Firing: Hashable, Sendable {
        let rule: String
        let scope: String
        private let hash: UInt64

        init(rule: String, scope: String) {
            self.rule = rule
            self.scope = scope
            hash = IDNumbers.hash(of: rule) &* 0x9E37_79B9_7F4A_7C15 ^ IDNumbers.hash(of: scope)
        }

        static func == (left: Firing, right: Firing) -> Bool {
            left.hash == right.hash && left.rule == right.rule && left.scope == right.scope
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash)
        }
    }
}
