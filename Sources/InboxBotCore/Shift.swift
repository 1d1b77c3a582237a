/// Opening time within a day, in minutes from local midnight; `end` may be 1440 (24:00).
public struct Shift: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `09:00-13:00`.
    public static func parse(_ text: String) -> Result<Shift, RuleValueError> {
        let parts = text.split(separator: "-").map { $0.trimmingWhitespace() }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else {
            return .failure(RuleValueError("invalid shift '\(text)'; write it as HH:MM-HH:MM, as in 09:00-17:30"))
        }
        guard start < end else {
            return .failure(RuleValueError(
                "shift '\(text)' ends before it starts; split a shift that crosses midnight into two days (22:00-24:00 and 00:00-02:00)"))
        }
        return .success(Shift(start: start, end: end))
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 60 + minutes
    }

    public var description: String {
        func clock(_ minutes: Int) -> String {
            let hours = minutes / 60, rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        return "\(clock(start))-\(clock(end))"
    }
}
