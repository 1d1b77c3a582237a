/// The script a text is mostly written in, for rules that answer in the customer's language:
/// the script of most of its letters, Arabic on a tie; `other` when it has no Arabic or Latin
/// letters (digits, emoji, another script). So «رقم الطلب ORD-5521» is Arabic, and
/// "hi, مرحبا, where is my order?" is Latin.
public enum TextScript: String, Sendable, Hashable, CaseIterable {
    case arabic, latin, other

    public static func of(_ text: String) -> TextScript {
        var arabic = 0, latin = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: latin += 1
            case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: arabic += 1
            default: break
            }
        }
        if arabic == 0, latin == 0 { return .other }
        return arabic >= latin ? .arabic : .latin
    }

    /// A bit per script, for the compiled condition.
    var bit: Int32 { Int32(1) << Int32(Self.allCases.firstIndex(of: self) ?? 0) }
}
