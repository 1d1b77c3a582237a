/// The key tests of one event type's gates (`RuleGate.keyTests`), indexed by key, so that
/// the rules an event's tags, channel, assignee or platform rule out drop out of the
/// candidates in a few word operations, before any of their tests run.
///
/// Per category, a rule with a one-of test needs one of its keys: per key, the set of rules
/// it lets through, and the set of rules with no such test. A rule with none-of tests is
/// ruled out by any of their keys: per key, the set it rules out. Sets are laid out as
/// `GateIndex` lays them out. A rule with several one-of tests in a category is indexed
/// by its narrowest, and its condition keeps all of them.
struct KeyGateIndex: Sendable {
    /// One category some gate tests, and where its tables start.
    struct Category: Sendable {
        let category: ConditionProgram.BitCategory
        /// Where the category's words start in an event's words, and how many there are.
        let eventWordOffset: Int
        let eventWordCount: Int
        /// Where its keys start in `oneOfRows` and `noneOfRows`.
        let keyStart: Int
        /// Where its set of rules without a one-of test starts in `sets`.
        let untested: Int
    }

    let categories: [Category]
    private let wordCount: Int
    /// Per key of each category, where in `sets` the rules it lets through (one-of), or
    /// rules out (none-of), start; -1 for none.
    private let oneOfRows: [Int32]
    private let noneOfRows: [Int32]
    private let sets: [UInt64]

    init(gates: [RuleGate], wordCount: Int, program: ConditionProgram) {
        self.wordCount = wordCount
        var categories: [Category] = []
        var oneOfRows: [Int32] = [], noneOfRows: [Int32] = [], sets: [UInt64] = []
        func newSet() -> Int {
            sets += [UInt64](repeating: 0, count: wordCount)
            return sets.count - wordCount
        }
        func add(_ rule: Int, toSetAt start: Int) {
            sets[start + rule >> 6] |= 1 << UInt64(rule & 63)
        }
        /// Adds a rule to a key's set in `rows`, making the set at the key's first rule.
        func add(_ rule: Int, toSetOf key: Int, in rows: inout [Int32]) {
            if rows[key] < 0 { rows[key] = Int32(newSet()) }
            add(rule, toSetAt: Int(rows[key]))
        }
        for category in ConditionProgram.BitCategory.allCases {
            let tests = gates.map { $0.keyTests.filter { $0.category == category } }
            guard tests.contains(where: { !$0.isEmpty }) else { continue }
            let keyStart = oneOfRows.count, keyCount = program.keys[category.rawValue].count
            oneOfRows += [Int32](repeating: -1, count: keyCount)
            noneOfRows += [Int32](repeating: -1, count: keyCount)
            let untested = newSet()
            for (rule, ruleTests) in tests.enumerated() {
                if let narrowest = ruleTests.filter({ !$0.excludes }).min(by: { $0.keys.count < $1.keys.count }) {
                    for key in narrowest.keys { add(rule, toSetOf: keyStart + key, in: &oneOfRows) }
                } else {
                    add(rule, toSetAt: untested)
                }
                for key in ruleTests.filter(\.excludes).flatMap(\.keys) { add(rule, toSetOf: keyStart + key, in: &noneOfRows) }
            }
            categories.append(Category(
                category: category, eventWordOffset: program.wordOffsets[category.rawValue],
                eventWordCount: program.wordCounts[category.rawValue], keyStart: keyStart, untested: untested))
        }
        self.categories = categories
        self.oneOfRows = oneOfRows
        self.noneOfRows = noneOfRows
        self.sets = sets
    }

    /// One word of the set of rules whose key tests an event with these words passes
    /// (`EvaluationContext.eventWords`, its categories computed).
    @inline(__always)
    func admitted(word: Int, eventWords: [UInt64]) -> UInt64 {
        var admitted = UInt64.max
        for category in categories {
            var passing = sets[category.untested + word], ruledOut: UInt64 = 0
            for eventWord in 0..<category.eventWordCount {
                var bits = eventWords[category.eventWordOffset + eventWord]
                while bits != 0 {
                    let key = category.keyStart + (eventWord << 6 | bits.trailingZeroBitCount)
                    bits &= bits - 1
                    if oneOfRows[key] >= 0 { passing |= sets[Int(oneOfRows[key]) + word] }
                    if noneOfRows[key] >= 0 { ruledOut |= sets[Int(noneOfRows[key]) + word] }
                }
            }
            admitted &= passing & ~ruledOut
        }
        return admitted
    }
}
