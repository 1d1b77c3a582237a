/// A fake's latency option: seconds as `0.6`, or a range such as `0.5-0.7`.
public enum FakeLatency {
    /// The range, within 0 to 60 seconds; nil for anything else.
    public static func parse(_ text: String) -> ClosedRange<Double>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
              low.isFinite, high.isFinite, 0 <= low, low <= high, high <= 60 else { return nil }
        return low...high
    }

    /// The error for a value that is not a latency.
    public static func problem(option: String, value: String) -> String {
        "\(option) must be seconds, such as 0.6, or a range such as 0.5-0.7, from 0 to 60, not '\(String(value.prefix(40)))'"
    }
}
