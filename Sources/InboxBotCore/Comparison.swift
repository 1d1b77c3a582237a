/// A numeric test such as `at_least: 3` or `">= 3"`, applied to counts and durations (in seconds).
public struct Comparison: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equals
        case atLeast = "at_least"
        case atMost = "at_most"
        case moreThan = "more_than"
        case lessThan = "less_than"

        /// The symbol written in the short string form (`">= 3"`).
        public var symbol: String {
            switch self {
            case .equals: "=="
            case .atLeast: ">="
            case .atMost: "<="
            case .moreThan: ">"
            case .lessThan: "<"
            }
        }

        public var words: String {
            switch self {
            case .equals: "equals"
            case .atLeast: "at least"
            case .atMost: "at most"
            case .moreThan: "more than"
            case .lessThan: "less than"
            }
        }
    }

    public var bounds: [(Operator, Int)]

    public init(_ bounds: [(Operator, Int)]) {
        self.bounds = bounds
    }

    /// Whether the value passes every bound; the same range the compiled program tests.
    public func holds(for value: Int) -> Bool {
        acceptedRange?.contains(value) ?? false
    }

    /// The inclusive range of values that pass, for spotting tests that can never hold.
    public var acceptedRange: ClosedRange<Int>? {
        var low = Int.min
        var high = Int.max
        for (op, limit) in bounds {
            switch op {
            case .equals: low = max(low, limit); high = min(high, limit)
            case .atLeast: low = max(low, limit)
            case .atMost: high = min(high, limit)
            case .moreThan: low = max(low, limit == Int.max ? limit : limit + 1)
            case .lessThan: high = min(high, limit == Int.min ? limit : limit - 1)
            }
        }
        return low <= high ? low...high : nil
    }

    /// Parses the short form: `">= 3"`, `"< 30m"` (with a duration parser), or a bare value meaning equals.
    public static func parseShortForm(
        _ text: String, value parseValue: (String) -> Result<Int, RuleValueError>
    ) -> Result<Comparison, RuleValueError> {
        let trimmed = text.trimmingWhitespace()
        for op in [Operator.atLeast, .atMost, .equals, .moreThan, .lessThan] where trimmed.hasPrefix(op.symbol) {
            let rest = String(trimmed.dropFirst(op.symbol.count))
            return parseValue(rest.trimmingWhitespace()).map { Comparison([(op, $0)]) }
        }
        return parseValue(trimmed).map { Comparison([(.equals, $0)]) }
    }

    public static func == (lhs: Comparison, rhs: Comparison) -> Bool {
        lhs.bounds.map { "\($0.0.rawValue)\($0.1)" } == rhs.bounds.map { "\($0.0.rawValue)\($0.1)" }
    }

    public func hash(into hasher: inout Hasher) {
        for (op, value) in bounds {
            hasher.combine(op)
            hasher.combine(value)
        }
    }

    public var description: String {
        bounds.map { "\($0.0.words) \($0.1)" }.joined(separator: " and ")
    }

    /// The same test with values shown as durations.
    public var durationDescription: String {
        bounds.map { "\($0.0.words) \(TimeSpan(seconds: $0.1))" }.joined(separator: " and ")
    }
}
