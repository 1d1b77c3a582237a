/// The rule gates of one event type, indexed by the facts they allow, so that an event's
/// admitted rules come out of a few word operations instead of a gate check per rule.
///
/// Per bit of a facts word (`RuleGate.facts(of:)`), the set of rules whose gate allows it;
/// per unread count from 0 up, the set whose unread range holds it. An event
/// has one fact bit per field, so the rules it gets through are the intersection of its
/// facts' sets and its count's set. Sets are bit words, rule `n` at bit `n % 64` of word
/// `n / 64`, so rules come out in file order.
final class GateIndex: Sendable {
    /// Words per set.
    let wordCount: Int
    /// 64 sets, one per fact bit.
    private let byFact: [UInt64]
    /// Sets for unread counts 0 through `unreadTop`; with `alikeAbove`, the last also stands
    /// for every count above it, since no range ends between them.
    private let byUnread: [UInt64]
    private let unreadTop: Int
    private let alikeAbove: Bool
    /// The rules that run on the bot's own messages.
    private let ownMessages: [UInt64]
    /// For a count no set covers (below zero, or past a bound too high to tabulate; rare).
    private let gates: [RuleGate]
    /// The gates' tests of the event's tags, channel, assignee and platform.
    let keys: KeyGateIndex

    /// Counts tabulated at most: a range ending higher is checked rule by rule past it.
    static let largestTabulatedCount = 256

    init(gates: [RuleGate], ownMessages: [Bool], program: ConditionProgram) {
        self.gates = gates
        let wordCount = max(1, (gates.count + 63) / 64)
        self.wordCount = wordCount
        keys = KeyGateIndex(gates: gates, wordCount: wordCount, program: program)
        func set(where admits: (Int) -> Bool) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: wordCount)
            for rule in gates.indices where admits(rule) { words[rule >> 6] |= 1 << UInt64(rule & 63) }
            return words
        }
        byFact = (0..<64).flatMap { bit in set { gates[$0].allowed & (1 << UInt64(bit)) != 0 } }
        // Past every finite bound of every range, counts are all alike.
        let highestBound = gates.flatMap { [$0.unreadLow, $0.unreadHigh] }.filter { (0..<Int.max).contains($0) }.max() ?? 0
        let unreadTop = min(highestBound + 1, Self.largestTabulatedCount)
        self.unreadTop = unreadTop
        alikeAbove = highestBound < Self.largestTabulatedCount
        byUnread = (0...unreadTop).flatMap { count in set { gates[$0].admits(unread: count) } }
        self.ownMessages = set { ownMessages[$0] }
    }

    /// One word of the set of rules whose gates admit an event with these facts and unread
    /// count (and that run on the bot's own messages, for `fromBot`).
    @inline(__always)
    func admitted(word: Int, facts: UInt64, unread: Int, fromBot: Bool) -> UInt64 {
        var admitted = fromBot ? ownMessages[word] : ~0
        var remaining = facts
        while remaining != 0 {
            admitted &= byFact[remaining.trailingZeroBitCount * wordCount + word]
            remaining &= remaining - 1
        }
        if unread >= 0, unread <= unreadTop || alikeAbove {
            return admitted & byUnread[min(unread, unreadTop) * wordCount + word]
        }
        return admitted & untabulated(word: word, unread: unread)
    }

    private func untabulated(word: Int, unread: Int) -> UInt64 {
        var admitted: UInt64 = 0
        for rule in (word << 6)..<min(gates.count, (word + 1) << 6) where gates[rule].admits(unread: unread) {
            admitted |= 1 << UInt64(rule & 63)
        }
        return admitted
    }
}
