/// A run of plain characters every match of a regular expression must contain, found by
/// reading the pattern, so that most texts are ruled out without running ICU: in
/// `\brefund(ed|s)?\b` every match contains "refund".
///
/// It is conservative: a pattern with a top-level alternation, inline options, `\Q`, back
/// references or anything else it does not follow has no prefilter. It is used only on
/// ASCII texts, where case-insensitive matching of ASCII letters is plain (ICU folds some
/// other letters onto ASCII ones: the Kelvin sign onto k, the long s onto s).
struct RegexPrefilter: Sendable {
    /// The literal, ASCII letters lowercased.
    let literal: [UInt8]

    init?(pattern: String) {
        var best: [UInt8] = [], run: [UInt8] = []
        func flush() {
            if run.count > best.count { best = run }
            run = []
        }
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        // Whether the element just read is the last byte of `run` (a quantifier then applies to it).
        var lastIsRunByte = false
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\\":
                guard index < scalars.count else { return nil }
                let escaped = scalars[index]
                index += 1
                if "bBdDsSwW".unicodeScalars.contains(escaped) {
                    flush()
                    lastIsRunByte = false
                } else if escaped.isASCII, !escaped.properties.isAlphabetic, !("0"..."9").contains(escaped) {
                    run.append(Self.lowered(escaped))
                    lastIsRunByte = true
                } else {
                    return nil
                }
            case "(":
                if index < scalars.count, scalars[index] == "?", !(index + 1 < scalars.count && scalars[index + 1] == ":") { return nil }
                guard let end = Self.closingParenthesis(scalars, from: index) else { return nil }
                index = end + 1
                flush()
                lastIsRunByte = false
            case "[":
                guard let end = Self.closingBracket(scalars, from: index) else { return nil }
                index = end + 1
                flush()
                lastIsRunByte = false
            case "|", ")":
                return nil
            case ".", "^", "$":
                flush()
                lastIsRunByte = false
            case "*", "?", "+", "{":
                var atLeastOnce = scalar == "+"
                if scalar == "{" {
                    guard let (minimum, end) = Self.braces(scalars, from: index) else { return nil }
                    atLeastOnce = minimum >= 1
                    index = end + 1
                }
                // A lazy or possessive mark.
                if index < scalars.count, scalars[index] == "?" || scalars[index] == "+" { index += 1 }
                if lastIsRunByte, !atLeastOnce { run.removeLast() }
                flush()
                lastIsRunByte = false
            default:
                if scalar.isASCII {
                    run.append(Self.lowered(scalar))
                    lastIsRunByte = true
                } else {
                    flush()
                    lastIsRunByte = false
                }
            }
        }
        flush()
        guard best.count >= 2 else { return nil }
        literal = best
    }

    /// Whether `text` cannot match: it is ASCII and lacks the literal in any case.
    func rulesOut(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            return !Self.contains(bytes, literal)
        } ?? false
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
        guard literal.count <= text.count else { return false }
        for start in 0...(text.count - literal.count) {
            var matched = 0
            while matched < literal.count, lowered(text[start + matched]) == literal[matched] { matched += 1 }
            if matched == literal.count { return true }
        }
        return false
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 32 : byte }
    private static func lowered(_ scalar: Unicode.Scalar) -> UInt8 { lowered(UInt8(truncatingIfNeeded: scalar.value)) }

    /// The index of the `)` closing a group whose contents start at `start`.
    private static func closingParenthesis(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 1, index = start
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[":
                guard let end = closingBracket(scalars, from: index + 1) else { return nil }
                index = end
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The index of the `]` closing a class whose contents start at `start` (a `]` first is literal).
    private static func closingBracket(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        if index < scalars.count, scalars[index] == "]" { index += 1 }
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[": return nil  // nested sets: not followed here
            case "]": return index
            default: break
            }
            index += 1
        }
        return nil
    }

    /// `{n}`, `{n,}` or `{n,m}` from after its `{`: the minimum and the index of the `}`.
    private static func braces(_ scalars: [Unicode.Scalar], from start: Int) -> (Int, Int)? {
        var index = start, minimum = 0, digits = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            minimum = min(minimum * 10 + Int(scalars[index].value - 0x30), 1_000_000)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < scalars.count, scalars[index] == "," {
            index += 1
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        return (minimum, index)
    }
}
