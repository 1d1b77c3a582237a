/// Whole-word search in folded text (UTF-8 bytes from `TextFolding.fold`): a value holds where
/// it stands between word boundaries. A boundary is the text's start or end, or a character
/// that is neither a letter nor a digit. In Arabic a word may also begin after what a reader
/// sees as attached to it: the article ال (or لل after ل), and before that up to two of
/// و (and), ف (so), ب (with), ل (for), ك (as): "بالفاتورة" and "وبالفاتورة" have `فاتورة`.
enum WholeWords {
    /// The article, next to the word.
    static let articles: [[UInt8]] = ["ال", "لل"].map { Array($0.utf8) }
    /// The one-letter particles, before the article.
    static let particles: [[UInt8]] = ["و", "ف", "ب", "ل", "ك"].map { Array($0.utf8) }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>, _ span: ConditionProgram.Span) -> Bool {
        let start = Int(span.start), length = Int(span.length)
        guard length > 0 else { return true }
        let word = UnsafeBufferPointer(rebasing: values[start..<start + length])
        // Each place the word occurs (found by `memchr`, not byte by byte), until one stands alone.
        var from = 0
        while let index = ByteSearch.firstIndex(of: word, in: text, from: from) {
            if isBoundary(after: index + length, in: text), startsWord(at: index, in: text) { return true }
            from = index + 1
        }
        return false
    }

    private static func matches<Values: RandomAccessCollection<UInt8>>(_ text: UnsafeBufferPointer<UInt8>, at index: Int, _ values: Values, _ start: Int, _ length: Int) -> Bool
    where Values.Index == Int {
        for offset in 0..<length where text[index + offset] != values[start + offset] { return false }
        return true
    }

    /// Whether a word starts at `index`: at a boundary, or after attached Arabic letters that do.
    private static func startsWord(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var starts = [index]
        for article in articles where ends(text, at: index, with: article) { starts.append(index - article.count) }
        for start in starts {
            if isBoundary(before: start, in: text) { return true }
            for first in particles where ends(text, at: start, with: first) {
                let before = start - first.count
                if isBoundary(before: before, in: text) { return true }
                for second in particles where ends(text, at: before, with: second) && isBoundary(before: before - second.count, in: text) {
                    return true
                }
            }
        }
        return false
    }

    /// Whether the text just before `index` is `part`.
    private static func ends(_ text: UnsafeBufferPointer<UInt8>, at index: Int, with part: [UInt8]) -> Bool {
        part.count <= index && matches(text, at: index - part.count, part, 0, part.count)
    }

    private static func isBoundary(before index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index > 0 else { return true }
        // Back to the first byte of the character that ends there.
        var first = index - 1
        while first > 0, text[first] & 0xC0 == 0x80 { first -= 1 }
        return !isWordCharacter(text, at: first)
    }

    private static func isBoundary(after index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        index >= text.count || !isWordCharacter(text, at: index)
    }

    /// Whether the character whose first byte is at `index` is a letter, a digit or a mark.
    private static func isWordCharacter(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = text[index]
        if lead < 0x80 {
            return (0x30...0x39).contains(lead) || (0x61...0x7A).contains(lead) || (0x41...0x5A).contains(lead)
        }
        let count = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + count <= text.count else { return false }
        var value = UInt32(lead) & (count == 2 ? 0x1F : count == 3 ? 0x0F : 0x07)
        for offset in 1..<count { value = value << 6 | UInt32(text[index + offset] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }
}
