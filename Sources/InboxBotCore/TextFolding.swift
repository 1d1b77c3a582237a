import Foundation

/// Folds text so that comparisons ignore what a reader ignores.
///
/// - Letter case, and diacritics on Latin letters (`É` matches `e`).
/// - Arabic harakat, shadda, sukun, superscript alef and tatweel (`مَرْحَبًا` matches `مرحبا`).
/// - Arabic letter variants: hamza forms of alef (أ إ آ ٱ → ا), alef maqsura (ى → ي),
///   ta marbuta (ة → ه), hamza on waw and ya (ؤ → و, ئ → ي), Persian kaf and ya.
/// - Arabic-Indic and Persian digits (٣ → 3).
/// - Runs of white space, which become one space, trimmed at both ends.
///
/// The result is UTF-8 bytes, so that substring tests are plain byte comparisons.
public enum TextFolding {
    public static func fold(_ text: String) -> [UInt8] {
        var folded: [UInt8] = []
        appendFold(of: text, to: &folded)
        return folded
    }

    /// Appends the fold of `text` to `output`.
    static func appendFold(of text: String, to output: inout [UInt8]) {
        var text = text
        // The fold is never longer than the input: written into room of its size.
        let folded = text.withUTF8 { input in output.appendWritten(maximum: input.count) { foldASCIIAndArabic(input, into: $0) } }
        if folded == nil { foldScalars(text, into: &output) }
    }

    /// The fold of text made only of ASCII and the Arabic block (nearly every message),
    /// byte by byte into one buffer; nil for any other text, which `foldScalars` folds.
    /// Never longer than its input: each scalar folds to as many bytes or fewer, and a run
    /// of white space to one space.
    static func foldASCIIAndArabic(_ input: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var written = 0, index = 0, pendingSpace = false
        while index < input.count {
            let byte = input[index]
            var value: UInt32
            if byte < 0x80 {
                if !pendingSpace, let endsInSpace = foldedWord(input, at: index, into: buffer, at: written, first: written == 0) {
                    // Eight bytes at once; a space last waits, as one would below, for what follows it.
                    written &+= endsInSpace ? 7 : 8
                    pendingSpace = endsInSpace
                    index &+= 8
                    continue
                }
                index += 1
                switch byte {
                case 0x09...0x0D, 0x20:
                    pendingSpace = true
                    continue
                default: value = UInt32(lowercasedASCII(byte))
                }
            } else {
                // Two-byte sequences from U+0600 to U+06FF lead with 0xD8 to 0xDB.
                guard (0xD8...0xDB).contains(byte), index + 1 < input.count else { return nil }
                let scalar = UInt32(byte & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F)
                index += 2
                value = foldArabic(scalar) ?? scalar
                if value == 0 { continue }
            }
            if pendingSpace, written > 0 {
                buffer[written] = 0x20
                written += 1
            }
            pendingSpace = false
            if value < 0x80 {
                buffer[written] = UInt8(value)
                written += 1
            } else {
                buffer[written] = UInt8(0xC0 | (value >> 6))
                buffer[written + 1] = UInt8(0x80 | (value & 0x3F))
                written += 2
            }
        }
        return written
    }

    /// Eight ASCII bytes from `index` folded at once into `buffer` at `written`, when their
    /// fold is them lowercased: no white space but single spaces (none first in the text);
    /// nil for any other eight, which are folded byte by byte. Whether the eight end in a space.
    @inline(__always)
    private static func foldedWord(_ input: UnsafeBufferPointer<UInt8>, at index: Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
                                   at written: Int, first: Bool) -> Bool? {
        guard let word = ByteWords.word(in: input, at: index), ByteWords.isASCII(word),
              ByteWords.asciiBytes(from: 0x09, through: 0x0D, in: word) == 0 else { return nil }
        let spaces = ByteWords.bytes(equalTo: 0x20, in: word)
        guard spaces & (spaces << 8 | (first ? 0x80 : 0)) == 0, ByteWords.write(ByteWords.lowercased(word), into: buffer, at: written) else { return nil }
        return spaces >> 63 != 0
    }

    static func foldScalars(_ text: String, into output: inout [UInt8]) {
        let start = output.count
        output.reserveCapacity(start + text.utf8.count)
        var pendingSpace = false

        func emit(_ value: UInt32) {
            if pendingSpace, output.count > start { output.append(0x20) }
            pendingSpace = false
            appendUTF8(value, to: &output)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x41...0x5A: emit(value + 32)
                case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: pendingSpace = true
                default: emit(value)
                }
                continue
            }
            if let arabic = foldArabic(value) {
                if arabic != 0 { emit(arabic) }
                continue
            }
            if scalar.isSpace {
                pendingSpace = true
                continue
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            for lowered in scalar.properties.lowercaseMapping.unicodeScalars {
                if (0xC0...0x24F).contains(lowered.value) || (0x1E00...0x1EFF).contains(lowered.value) {
                    for part in String(lowered).decomposedStringWithCanonicalMapping.unicodeScalars
                    where part.properties.generalCategory != .nonspacingMark {
                        emit(part.value)
                    }
                } else {
                    emit(lowered.value)
                }
            }
        }
    }

    static func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (value >> 6)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (value >> 12)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (value >> 18)))
            output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The folded text as a dictionary key. Text that is already folded (lowercase ASCII
    /// with single inner spaces, as most tags and emails are) is returned as it is.
    public static func key(_ text: String) -> String {
        // Read through a buffer: walked as a `String.UTF8View`, each byte cost tens of instructions.
        var text = text
        let folded = text.withUTF8 { bytes in foldsByLowercasing(bytes) && !bytes.contains(where: { (0x41...0x5A).contains($0) }) }
        return folded ? text : foldedString(text)
    }

    /// An ASCII capital lowercased; any other byte as it is.
    @inline(__always)
    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Whether the fold of these bytes is them with ASCII letters lowercased: printable ASCII
    /// with single inner spaces and none at either end (most tags, names and emails). Read a
    /// word at a time (`ByteWords`); `visit` sees each word lowercased (the last zero-padded),
    /// for work done in the same pass (a hash).
    @inline(__always)
    static func foldsByLowercasing(_ bytes: UnsafeBufferPointer<UInt8>, visitingLowercased visit: (UInt64) -> Void = { _ in }) -> Bool {
        var lastWasSpace = true
        let printable = ByteWords.allSatisfy(in: bytes) { word, present in
            guard ByteWords.isPrintableASCII(word, present: present) else { return false }
            let spaces = ByteWords.bytes(equalTo: 0x20, in: word) & present
            // No space first or after another (the one before this word's first byte included).
            if spaces != 0, spaces & (spaces << 8 | (lastWasSpace ? 0x80 : 0)) != 0 { return false }
            lastWasSpace = spaces & (present ^ present >> 8) != 0
            visit(ByteWords.lowercased(word))
            return true
        }
        // None last either (and not empty).
        return printable && !lastWasSpace
    }

    public static func foldedString(_ text: String) -> String {
        String(decoding: fold(text), as: UTF8.self)
    }

    /// Only the digits of a phone number, with Arabic-Indic and Persian digits made ASCII.
    /// Read as UTF-8 bytes, into one buffer: it runs for every event a phone test reads.
    public static func phoneDigits(_ text: String) -> [UInt8] {
        var digits: [UInt8] = []
        appendPhoneDigits(of: text, to: &digits)
        return digits
    }

    /// Appends the digits of a phone number to `output`.
    static func appendPhoneDigits(of text: String, to output: inout [UInt8]) {
        var text = text
        _ = text.withUTF8 { bytes in output.appendWritten(maximum: bytes.count) { writePhoneDigits(of: bytes, into: $0) } }
    }

    /// Writes the digits of a phone number's UTF-8 bytes into `buffer`, which has room for
    /// as many bytes as the number has, and returns how many it wrote.
    static func writePhoneDigits(of bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        // U+0660...U+0669 are D9 A0...A9 in UTF-8, U+06F0...U+06F9 DB B0...B9; an ASCII
        // digit is never part of a longer sequence, and D9 or DB always leads one.
        var lead: UInt8 = 0, written = 0
        for byte in bytes {
            let digit: UInt8? = switch byte {
            case 0x30...0x39: byte
            case 0xA0...0xA9 where lead == 0xD9: byte - 0xA0 + 0x30
            case 0xB0...0xB9 where lead == 0xDB: byte - 0xB0 + 0x30
            default: nil
            }
            if let digit, written < buffer.count {
                buffer[written] = digit
                written += 1
            }
            lead = byte
        }
        // International prefix 00 means the same as +.
        guard written > 2, buffer[0] == 0x30, buffer[1] == 0x30 else { return written }
        for index in 2..<written { buffer[index - 2] = buffer[index] }
        return written - 2
    }

    /// The folded form of an Arabic-block scalar: 0 to drop it, nil when it is not handled here.
    static func foldArabic(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x064B...0x065F, 0x0670, 0x0640, 0x06D6...0x06ED: 0
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: 0x0627
        case 0x0649, 0x0626, 0x06CC: 0x064A
        case 0x0629: 0x0647
        case 0x0624: 0x0648
        case 0x06A9: 0x0643
        case 0x0660...0x0669: value - 0x0660 + 0x30
        case 0x06F0...0x06F9: value - 0x06F0 + 0x30
        case 0x0600...0x06FF: value
        default: nil
        }
    }
}
