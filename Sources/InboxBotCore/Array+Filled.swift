extension Array {
    /// A copy of the elements of a buffer, made as `init(filled:count:)` is.
    @inline(__always)
    init(copying buffer: UnsafeBufferPointer<Element>) {
        self.init()
        append(contentsOf: buffer)
    }

    /// `count` copies of `value`, for the evaluator's per-event buffers. Not through
    /// `Array(repeating:count:)` or `Array(unsafeUninitializedCapacity:)`: those allocate by
    /// an unspecialized path that looks up the storage's generic metadata on every call
    /// (about 500 instructions, more than filling a few dozen elements).
    @inline(__always)
    init(filled value: Element, count: Int) {
        self.init()
        reserveCapacity(count)
        for _ in 0..<count { append(value) }
    }
}
