extension Unicode.Scalar {
    /// White space, with an ASCII fast path that skips the Unicode property tables.
    var isSpace: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}

extension StringProtocol {
    /// True when there is anything but white space; allocates nothing.
    var hasVisibleText: Bool {
        unicodeScalars.contains { !$0.isSpace }
    }

    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }),
              let last = scalars.lastIndex(where: { !$0.isSpace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
