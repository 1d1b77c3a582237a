/// Conversions of numbers that come from outside (JSON, headers, files), which must never
/// trap: `Int(someDouble)` stops the process when the value is NaN, infinite or too large.
extension Double {
    /// The value as an `Int` when it is a whole number that fits; otherwise nil.
    public var exactInt: Int? { Int(exactly: self) }

    /// The value rounded down and held within `range`; NaN becomes the range's lower bound.
    /// Inlined: evaluation converts an elapsed time with it for every time test.
    @inline(__always)
    public func clampedInt(to range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        guard !isNaN else { return range.lowerBound }
        // Doubles at the edges of Int are not exact, so compare before converting.
        if self <= Double(range.lowerBound) { return range.lowerBound }
        if self >= Double(range.upperBound) { return range.upperBound }
        return Swift.min(Swift.max(Int(rounded(.down)), range.lowerBound), range.upperBound)
    }
}
