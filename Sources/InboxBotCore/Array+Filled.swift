extension Array {
    /// Appends `count` copies of `value`, for the evaluator's per-event buffers. Not through
    /// `Array(repeating:count:)`, `repeatElement` or `Array(unsafeUninitializedCapacity:)`:
    /// those allocate by an unspecialized path that looks up the storage's generic metadata
    /// on every call (about 500 instructions, more than filling a few dozen elements).
    @inline(__always)
    mutating func append(filled value: Element, count: Int) {
        reserveCapacity(self.count + count)
        for _ in 0..<count { append(value) }
    }
}
