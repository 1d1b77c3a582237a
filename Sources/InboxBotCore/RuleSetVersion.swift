/// A short, stable fingerprint of rule text, used as the rule-set version.
public enum RuleSetVersion {
    /// 64-bit FNV-1a over the UTF-8 bytes, as 16 hex digits.
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
