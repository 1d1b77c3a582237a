/// Which contacts a rule with `sample: N%` acts for: a stable share, the same contact always
/// in or always out for the same rule (and each rule drawing its own share), by a hash of the
/// rule's id and the contact. The contact is its id, else its phone's digits (so `+966…` and
/// `00966…` are one contact), else the conversation.
/// FNV-1a, not Swift's `Hasher`, whose seed changes with every process.
public enum RolloutSample {
    public static func includes(_ conversation: ConversationSnapshot, rule: String, percent: Int) -> Bool {
        let contact: [UInt8] = conversation.contact.id.map { Array($0.utf8) }
            ?? conversation.contact.phone.map(TextFolding.phoneDigits) ?? Array(conversation.id.utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(rule.utf8) + [0] + contact { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % 100) < percent
    }
}
