/// Which needles (`ConditionProgram.Span.needle`) an event's texts were searched for, and
/// which they hold: a bit each, for the first 64.
struct NeedleResults {
    private var known: UInt64 = 0
    private var found: UInt64 = 0

    /// Whether the text holds the needle, once searched; nil before, and for needles not kept (-1).
    @inline(__always)
    func result(_ needle: Int32) -> Bool? {
        guard needle >= 0 else { return nil }
        let bit = UInt64(1) << UInt64(needle & 63)
        return known & bit == 0 ? nil : found & bit != 0
    }

    @inline(__always)
    mutating func keep(_ needle: Int32, _ holds: Bool) {
        guard needle >= 0 else { return }
        let bit = UInt64(1) << UInt64(needle & 63)
        known |= bit
        if holds { found |= bit }
    }
}
