extension [UInt8] {
    /// Appends what `write` writes into room for `maximum` bytes (on the stack when small),
    /// and returns how many it wrote; when it returns nil, appends nothing. One copy: bytes
    /// appended one at a time, or written over zeros appended first, cost the evaluator more
    /// than folding the text.
    @discardableResult @inline(__always)
    mutating func appendWritten(maximum: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int?) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximum) { room in
            guard let written = write(room) else { return nil }
            append(contentsOf: UnsafeBufferPointer(rebasing: room[..<written]))
            return written
        }
    }
}
