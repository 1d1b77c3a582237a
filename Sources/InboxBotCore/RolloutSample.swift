/// Which contacts a rule with `sample: N%` acts for: a stable share, the same contact always
/// in or always out for the same rule (and each rule drawing its own share), by a hash of the
/// rule's id and the contact's `ContactKey`.
/// FNV-1a, not Swift's `Hasher`, whose seed changes with every process.
public enum RolloutSample {
    public static func includes(_ conversation: ConversationSnapshot, rule: String, percent: Int) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(rule.utf8) + [0] + Array(ContactKey.primary(of: conversation).utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(hash % 100) < percent
    }
}
