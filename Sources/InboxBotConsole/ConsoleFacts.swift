import Foundation
import InboxBotCore

/// What the console shows that the state store does not hold: the running worker's own facts,
/// read when a page is asked for.
public struct ConsoleFacts: Sendable {
    public struct Rules: Sendable {
        /// The rules in force, which explanations evaluate.
        public var ruleSet: CompiledRuleSet
        public var loadedAt: Date?
        /// The errors of a reload refused since, as `path:line:col: error: …`.
        public var rejection: [String]

        public init(ruleSet: CompiledRuleSet, loadedAt: Date?, rejection: [String]) {
            self.ruleSet = ruleSet
            self.loadedAt = loadedAt
            self.rejection = rejection
        }
    }

    /// The platform's name for people: `Hilos`.
    public var platform: String
    public var dryRun: Bool
    /// Why the worker is not ready; empty when it is.
    public var readiness: @Sendable () async -> [String]
    public var rules: @Sendable () async -> Rules
    /// The rule tests beside the rules (`*.test.yaml`), run now, as `inboxbot test` runs them.
    public var ruleTests: @Sendable () async -> [RuleTestResult]

    public init(platform: String, dryRun: Bool, readiness: @escaping @Sendable () async -> [String], rules: @escaping @Sendable () async -> Rules,
                ruleTests: @escaping @Sendable () async -> [RuleTestResult] = { [] }) {
        self.platform = platform
        self.dryRun = dryRun
        self.readiness = readiness
        self.rules = rules
        self.ruleTests = ruleTests
    }
}
