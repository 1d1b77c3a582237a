extension Unicode.Scalar {
    /// White space (Unicode's White_Space property), by its short, stable list of scalars
    /// rather than the property tables: this runs for every character of names and texts.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20: true
        case 0..<0x85: false
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension StringProtocol {
    /// True when there is anything but white space; allocates nothing. Most texts start with
    /// a visible ASCII character, which answers before any scalar is decoded.
    var hasVisibleText: Bool {
        if let first = utf8.first, first > 0x20, first < 0x80 { return true }
        return unicodeScalars.contains { !$0.isSpace }
    }

    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }),
              let last = scalars.lastIndex(where: { !$0.isSpace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
