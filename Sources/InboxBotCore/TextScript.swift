/// The script a text is mostly written in, for rules that answer in the customer's language:
/// the script of most of its letters, Arabic on a tie; `other` when it has no Arabic or Latin
/// letters (digits, emoji, another script). So «رقم الطلب ORD-5521» is Arabic, and
/// "hi, مرحبا, where is my order?" is Latin.
public enum TextScript: String, Sendable, Hashable, CaseIterable {
    case arabic, latin, other

    public static func of(_ text: String) -> TextScript {
        var arabic = 0, latin = 0
        // Unicode's property is looked up only where a range mixes letters with other
        // characters, and never for the ASCII letters or the Arabic block (a table of it):
        // it costs hundreds of instructions a character.
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            case 0xC0...0x24F, 0x1E00...0x1EFF: if scalar.properties.isAlphabetic { latin += 1 }
            case 0x0600...0x06FF: if arabicBlockLetters[Int(scalar.value - 0x0600)] { arabic += 1 }
            case 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: if scalar.properties.isAlphabetic { arabic += 1 }
            default: break
            }
        }
        if arabic == 0, latin == 0 { return .other }
        return arabic >= latin ? .arabic : .latin
    }

    /// Whether each scalar of the Arabic block (U+0600...U+06FF) is alphabetic.
    static let arabicBlockLetters: [Bool] = (0x0600...0x06FF).map { Unicode.Scalar(UInt32($0))?.properties.isAlphabetic ?? false }

    /// A bit per script, for the compiled condition.
    var bit: Int32 { Int32(1) << Int32(Self.allCases.firstIndex(of: self) ?? 0) }
}
