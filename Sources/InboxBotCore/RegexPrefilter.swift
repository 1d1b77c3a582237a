/// Literals every match of a regular expression must contain one of, found by reading the
/// pattern, so that most texts are ruled out without running ICU: every match of
/// `\brefund(ed|s)?\b` contains "refund", every match of `^(hi|hello|hey)\b` one of "hi",
/// "hello" and "hey".
///
/// It is conservative: a pattern with inline options, `\Q`, back references, nested sets or
/// anything else it does not follow has no prefilter. Literals are plain ASCII characters
/// and Arabic letters. They are looked for in texts of ASCII and the Arabic block alone
/// (nearly every message), where case-insensitive matching of ASCII letters is plain (ICU
/// folds some other letters onto ASCII ones: the Kelvin sign onto k, the long s onto s, the
/// sharp s onto ss; none of them is in either block) and an Arabic letter, which has no
/// case, matches only itself; and in any text when no literal has an ASCII letter, since no
/// character folds onto an Arabic letter, a digit or a sign.
struct RegexPrefilter: Sendable {
    /// The literals, as UTF-8 with ASCII letters lowercased.
    let literals: [[UInt8]]
    /// Whether they can be looked for byte for byte in any text: no ASCII letters.
    let exactInAnyText: Bool

    init?(pattern: String) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let literals = parser.alternation(), !parser.failed, parser.index == parser.scalars.count,
              !literals.isEmpty, literals.allSatisfy({ !$0.isEmpty })
        else { return nil }
        self.literals = literals
        exactInAnyText = literals.allSatisfy { $0.allSatisfy { !Self.isASCIILetter($0) } }
    }

    /// Whether `text` cannot match: it contains none of the literals.
    func rulesOut(_ text: String) -> Bool {
        var searchable: [UInt8] = []
        guard Self.appendSearchable(of: text, to: &searchable) else { return rulesOut(text, searchable: nil) }
        return searchable.withUnsafeBufferPointer { rulesOut(text, searchable: $0) }
    }

    /// `rulesOut`, given the text's searchable form (`appendSearchable`; nil when it has
    /// none), worked out once for all the regexes that read the text.
    func rulesOut(_ text: String, searchable: UnsafeBufferPointer<UInt8>?) -> Bool {
        if let searchable { return !containsLiteral(searchable) }
        guard exactInAnyText else { return false }
        return text.utf8.withContiguousStorageIfAvailable { !containsLiteral($0) } ?? false
    }

    /// Whether one of the literals occurs in `text`, byte for byte.
    private func containsLiteral(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        literals.contains { literal in literal.withUnsafeBufferPointer { ByteSearch.contains(text, $0) } }
    }

    /// Appends the text with its ASCII letters lowercased to `output`, when it has only ASCII
    /// and the Arabic block (U+0600...U+06FF), where a literal is found byte for byte in any
    /// case; returns false, appending nothing, for other texts. Lowercasing changes no byte
    /// a literal without ASCII letters can match.
    static func appendSearchable(of text: String, to output: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            output.appendWritten(maximum: bytes.count) { writeSearchable(of: bytes, into: $0) ? bytes.count : nil } != nil
        }
    }

    /// `appendSearchable` into `buffer`, which has room for all of `bytes`; false for a text
    /// that has no searchable form (what it wrote is then to be dropped).
    static func writeSearchable(of bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard buffer.count >= bytes.count else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                // Eight ASCII bytes at once, when there are.
                if let word = ByteWords.word(in: bytes, at: index), ByteWords.isASCII(word), ByteWords.write(ByteWords.lowercased(word), into: buffer, at: index) {
                    index &+= 8
                    continue
                }
                buffer[index] = TextFolding.lowercasedASCII(byte)
                index += 1
                continue
            }
            // U+0600...U+06FF: two bytes, led by D8 to DB.
            guard (0xD8...0xDB).contains(byte), index + 1 < bytes.count, (0x80...0xBF).contains(bytes[index + 1]) else { return false }
            buffer[index] = byte
            buffer[index + 1] = bytes[index + 1]
            index += 2
        }
        return true
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// Reads a pattern: what each part requires, or `failed` for anything it does not follow.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var failed = false

        /// More literals than this in one set make a filter that rules out little.
        static let largestSet = 8

        /// Branches up to an unmatched `)` or the end: a match contains one of the union of
        /// the branches' literals; nil when some branch requires nothing known.
        mutating func alternation() -> [[UInt8]]? {
            var union: [[UInt8]] = []
            var known = true
            while true {
                if let branch = sequence() {
                    for literal in branch where !union.contains(literal) { union.append(literal) }
                } else {
                    known = false
                }
                guard !failed, index < scalars.count, scalars[index] == "|" else { break }
                index += 1
            }
            return known && union.count <= Self.largestSet ? union : nil
        }

        /// Elements up to `|`, `)` or the end: the best of what any one of them requires.
        mutating func sequence() -> [[UInt8]]? {
            var best: [[UInt8]]?
            var run: [UInt8] = []
            // The bytes of the last character of `run`, which a quantifier applies to.
            var lastLength = 0
            func consider(_ candidate: [[UInt8]]) {
                guard let current = best else { return best = candidate }
                let score = candidate.map(\.count).min() ?? 0, bestScore = current.map(\.count).min() ?? 0
                if score > bestScore || score == bestScore && candidate.count < current.count { best = candidate }
            }
            func flush() {
                if !run.isEmpty { consider([run]) }
                run = []
                lastLength = 0
            }
            while !failed, index < scalars.count, scalars[index] != "|", scalars[index] != ")" {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\\":
                    guard index < scalars.count else { return fail() }
                    let escaped = scalars[index]
                    index += 1
                    if "bBdDsSwW".unicodeScalars.contains(escaped) {
                        flush()
                    } else if escaped.isASCII, !escaped.properties.isAlphabetic, !("0"..."9").contains(escaped) {
                        run.append(TextFolding.lowercasedASCII(UInt8(escaped.value)))
                        lastLength = 1
                    } else {
                        return fail()
                    }
                case "(":
                    if index < scalars.count, scalars[index] == "?" {
                        guard index + 1 < scalars.count, scalars[index + 1] == ":" else { return fail() }
                        index += 2
                    }
                    flush()
                    let inner = alternation()
                    guard !failed, index < scalars.count, scalars[index] == ")" else { return fail() }
                    index += 1
                    let minimum = quantifierMinimum()
                    if minimum >= 1, let inner { consider(inner) }
                case "[":
                    guard skipClass() else { return fail() }
                    flush()
                case "*", "?", "+", "{":
                    index -= 1
                    if quantifierMinimum() == 0, lastLength > 0 { run.removeLast(lastLength) }
                    flush()
                default:
                    if let bytes = Self.literalBytes(scalar) {
                        run += bytes
                        lastLength = bytes.count
                    } else {
                        flush()
                    }
                }
            }
            flush()
            return best
        }

        private mutating func fail() -> [[UInt8]]? {
            failed = true
            return nil
        }

        /// The bytes a plain character stands for: ASCII ones other than the pattern's
        /// signs (letters lowercased), and Arabic letters; nil for any other.
        static func literalBytes(_ scalar: Unicode.Scalar) -> [UInt8]? {
            if scalar.isASCII {
                return ".^$]}".unicodeScalars.contains(scalar) ? nil : [TextFolding.lowercasedASCII(UInt8(scalar.value))]
            }
            guard (0x0621...0x064A).contains(scalar.value) else { return nil }
            return Array(String(scalar).utf8)
        }

        /// The least number of times the quantifier at `index` (if any) lets its element
        /// occur, reading past it; 1 when there is none.
        mutating func quantifierMinimum() -> Int {
            guard index < scalars.count else { return 1 }
            var minimum: Int
            switch scalars[index] {
            case "*", "?": minimum = 0
            case "+": minimum = 1
            case "{":
                guard let (least, end) = braces(from: index + 1) else {
                    failed = true
                    return 0
                }
                minimum = least
                index = end
            default: return 1
            }
            index += 1
            // A lazy or possessive mark.
            if index < scalars.count, scalars[index] == "?" || scalars[index] == "+" { index += 1 }
            return minimum
        }

        /// Past a class whose contents start at `index` (a `]` first is literal); false for
        /// one it does not follow.
        mutating func skipClass() -> Bool {
            if index < scalars.count, scalars[index] == "^" { index += 1 }
            if index < scalars.count, scalars[index] == "]" { index += 1 }
            while index < scalars.count {
                switch scalars[index] {
                case "\\": index += 1
                case "[": return false  // nested sets: not followed here
                case "]":
                    index += 1
                    return true
                default: break
                }
                index += 1
            }
            return false
        }

        /// `{n}`, `{n,}` or `{n,m}` from after its `{`: the minimum and the index of the `}`.
        func braces(from start: Int) -> (Int, Int)? {
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
}
