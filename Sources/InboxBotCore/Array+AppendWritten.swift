extension [UInt8] {
    /// Appends what `write` writes into room for `maximum` bytes at the end, and returns how
    /// many it wrote; when it returns nil, appends nothing.
    @discardableResult
    mutating func appendWritten(maximum: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int?) -> Int? {
        let start = count
        append(contentsOf: repeatElement(0, count: maximum))
        let written = withUnsafeMutableBufferPointer { write(UnsafeMutableBufferPointer(rebasing: $0[start...])) }
        removeLast(maximum - (written ?? 0))
        return written
    }
}
