import Foundation

/// How a rule test went: the actions taken, and where they differ from those expected.
public struct RuleTestResult: Sendable {
    /// Actions a rule took on one event.
    public struct Taken: Sendable, Hashable {
        public var offset: Int
        public var ruleID: String
        public var eventID: String
        public var actions: [String]
        /// For each action, the user a pool assignment picked in the test's simulation (round
        /// robin by turn; by load, the first in turn on duty); nil for other actions.
        public var picked: [String?] = []

        public var line: String {
            let shown = actions.indices.map { index in
                actions[index] + ((index < picked.count ? picked[index] : nil).map { " (picked \($0))" } ?? "")
            }
            return "\(RuleTestResult.format(offset: offset)) \(ruleID): \(shown.joined(separator: "; "))"
        }

        /// Whether these are the actions expected, in order: an `assign: USER` expected
        /// matches a pool assignment that picked that user, as well as that exact assignment.
        func matches(_ expected: [String]) -> Bool {
            expected.count == actions.count && actions.indices.allSatisfy { index in
                expected[index] == actions[index] || (index < picked.count && picked[index].map { RenderedAction.assign(user: $0).summary } == expected[index])
            }
        }
    }

    /// Expected actions that were not taken.
    public struct Expected: Sendable, Hashable {
        public var offset: Int?
        public var ruleID: String?
        public var actions: [String]
        public var location: SourceLocation?

        public var line: String {
            "\(offset.map(RuleTestResult.format(offset:)) ?? "any time") \(ruleID ?? "any rule"): \(actions.joined(separator: "; "))"
        }
    }

    public var name: String
    public var location: SourceLocation?
    public var passed: Bool
    public var taken: [Taken]
    public var missing: [Expected]
    public var unexpected: [Taken]
    /// On a failure, what the rules involved made of the events involved.
    public var explanation: [String]

    /// The readable diff: `-` expected but not taken, `+` taken but not expected.
    public var diff: [String] {
        missing.map { "- " + $0.line } + unexpected.map { "+ " + $0.line }
    }

    /// `+0s`, `+5m`, `+1h30m`.
    public static func format(offset: Int) -> String {
        offset < 0 ? "-\(TimeSpan(seconds: -offset))" : "+\(TimeSpan(seconds: offset))"
    }
}
