/// A length of time written as `30m`, `1h30m`, `2d`, `45s` or `1w`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public static func minutes(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 60) }
    public static func hours(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 3600) }

    static let unitSeconds: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses a duration; the error text says what is wrong and shows the accepted form.
    public static func parse(_ text: String) -> Result<TimeSpan, RuleValueError> {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            return .failure(RuleValueError("empty duration; write one such as 30m, 2h or 1d"))
        }
        var total = 0
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = unitSeconds[character] {
                guard let count = Int(digits), digits.count <= 9 else {
                    return .failure(RuleValueError("invalid duration '\(text)': a number must come before '\(character)'; write one such as 30m, 2h or 1h30m"))
                }
                total += count * unit
                digits = ""
            } else {
                return .failure(RuleValueError("invalid duration '\(text)': unknown unit '\(character)'; use s, m, h, d or w, as in 30m or 1h30m"))
            }
        }
        guard digits.isEmpty else {
            return .failure(RuleValueError("invalid duration '\(text)': '\(digits)' has no unit; write \(digits)m for minutes or \(digits)s for seconds"))
        }
        return .success(TimeSpan(seconds: total))
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
