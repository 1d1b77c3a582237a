extension String {
    /// `body` over the string's UTF-8 bytes, in place: a native string is contiguous; any
    /// other (bridged) is copied contiguous first, so equal strings always give equal bytes.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var contiguous = self
        return try contiguous.withUTF8(body)
    }
}
