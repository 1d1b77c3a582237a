/// A length of time written as `30m`, `1h30m`, `2d`, `45s` or `1w`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public static func minutes(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 60) }
    public static func hours(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 3600) }

    static let unitSeconds: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// The longest duration a rule or setting may give: ten years. Longer ones are refused,
    /// so that no date computed from one can overflow.
    public static let maximum = TimeSpan(seconds: 3650 * 86_400)

    /// Parses a duration; the error text says what is wrong and shows the accepted form.
    public static func parse(_ text: String) -> Result<TimeSpan, RuleValueError> {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            return .failure(RuleValueError("empty duration; write one such as 30m, 2h or 1d"))
        }
        var total = 0
        var digits = ""
        var tooLong: RuleValueError { RuleValueError("duration '\(text.excerpt())' is too long: the longest allowed is \(maximum) (ten years)") }
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = unitSeconds[character] {
                guard !digits.isEmpty else {
                    return .failure(RuleValueError("invalid duration '\(text.excerpt())': a number must come before '\(character)'; write one such as 30m, 2h or 1h30m"))
                }
                guard digits.count <= 12, let count = Int(digits) else { return .failure(tooLong) }
                let (product, overflow) = count.multipliedReportingOverflow(by: unit)
                guard !overflow, product <= maximum.seconds else { return .failure(tooLong) }
                total += product
                guard total <= maximum.seconds else { return .failure(tooLong) }
                digits = ""
            } else {
                return .failure(RuleValueError("invalid duration '\(text.excerpt())': unknown unit '\(character)'; use s, m, h, d or w, as in 30m or 1h30m"))
            }
        }
        guard digits.isEmpty else {
            let number = digits.excerpt()
            return .failure(RuleValueError("invalid duration '\(text.excerpt())': '\(number)' has no unit; write \(number)m for minutes or \(number)s for seconds"))
        }
        return .success(TimeSpan(seconds: total))
    }

    /// A clock-style length, `"HH:MM:SS"`, `"MM:SS"` or `"SS"`, as platforms report calls;
    /// nil when it is not one, or longer than `maximum`.
    public init?(clockText text: String) {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var total = 0
        for part in parts {
            guard (1...9).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else { return nil }
            total = total * 60 + value
            guard total <= Self.maximum.seconds else { return nil }
        }
        seconds = total
    }

    public var description: String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
