import Foundation

/// Compiles conditions into a `ConditionProgram`, reporting bad regexes and undefined
/// calendars as it goes.
///
/// Node fields by op: `all`/`any` keep their children at `a..<a+b` of `children` and
/// `evaluationOrder`; `not` its child at `a`; enum tests a `mask`; `unread`, `callDuration`
/// and `elapsed` a `low...high` range (`elapsed` its reference in `flag`); bit-set tests the
/// offsets of their words in `bitWords` (`tags`: required `a`, any-of `b` or -1, none-of `c`,
/// emptiness in `flag`); `text` its operations at `a..<a+b`, its source in `flag` and a
/// property number in `c`; `calendar` the calendar number in `a` and open (1) or closed in `flag`.
struct ConditionProgramBuilder {
    private(set) var nodes: [ConditionProgram.Node] = []
    private var costs: [Int] = []
    private(set) var children: [Int32] = []
    private(set) var evaluationOrder: [Int32] = []
    var steps: [ConditionProgram.Step] = []
    private(set) var bitWords: [UInt64] = []
    private(set) var textOperations: [ConditionProgram.TextOperation] = []
    private(set) var textSpans: [ConditionProgram.Span] = []
    private(set) var textBytes: [UInt8] = []
    private(set) var propertyNames: [String] = []
    private(set) var regexes: [NSRegularExpression] = []
    /// Per regex, a literal its matches contain, when the pattern shows one.
    private(set) var regexPrefilters: [RegexPrefilter?] = []
    private(set) var calendars: [BusinessCalendar] = []
    private(set) var readsOptOut = false
    private(set) var keys = [KeyIndex](repeating: KeyIndex(), count: 5)
    private var calendarNumbers: [String: Int] = [:]
    /// The number of each needle a substring or word search looks for (`Span.needle`).
    private var needleNumbers: [Needle: Int32] = [:]

    /// What a searched span's result depends on: the same bytes searched the same way in the same text.
    private struct Needle: Hashable {
        var source: ConditionProgram.Source
        var property: Int32
        var wholeWords: Bool
        var bytes: [UInt8]
    }

    init(calendars: [String: BusinessCalendar]) {
        for (name, calendar) in calendars.sorted(by: { $0.key < $1.key }) {
            calendarNumbers[name] = self.calendars.count
            self.calendars.append(calendar)
        }
    }

    /// Numbers every tag, channel, user and platform the rules name. Call it for every rule
    /// before `add`, so that all bit sets have their final width.
    mutating func collectNames(_ condition: Condition) {
        func insert(_ category: ConditionProgram.BitCategory, _ values: [String]) {
            for value in values { keys[category.rawValue].insert(value) }
        }
        switch condition.kind {
        case .all(let children), .any(let children): children.forEach { collectNames($0) }
        case .not(let child): collectNames(child)
        case .tags(let test): insert(.tags, (test.includes + test.anyOf + test.allOf + test.noneOf).map(TextFolding.key))
        case .channel(let channels): insert(.channel, Self.channelKeys(channels))
        case .assignee(.oneOf(let users)): insert(.assignee, users.map(TextFolding.key))
        case .platform(let platforms): insert(.platform, platforms.map(TextFolding.key))
        case .platformStatus(let statuses): insert(.platformStatus, statuses.map(TextFolding.key))
        default: break
        }
    }

    /// A channel is named by its folded name or its exact id.
    static func channelKeys(_ channels: [String]) -> [String] {
        channels.map(TextFolding.key) + channels
    }

    /// Adds a condition and returns its node number.
    mutating func add(_ condition: Condition, diagnostics: inout [Diagnostic]) -> Int32 {
        typealias Node = ConditionProgram.Node
        switch condition.kind {
        case .all(let items), .any(let items):
            let childNodes = items.map { add($0, diagnostics: &diagnostics) }
            let isAll: Bool = if case .all = condition.kind { true } else { false }
            return appendGroup(isAll ? .all : .any, childNodes)
        case .not(let child):
            let inner = add(child, diagnostics: &diagnostics)
            return append(Node(op: .not, a: inner), cost: costs[Int(inner)])
        case .event(let patterns):
            return append(Node(op: .eventTypes, mask: EventType.mask(patterns.flatMap(\.types))))
        case .status(let statuses):
            return append(Node(op: .status, mask: ConversationStatus.mask(statuses)))
        case .direction(let directions):
            return append(Node(op: .direction, mask: Direction.mask(directions)))
        case .messageType(let types):
            return append(Node(op: .messageType, mask: MessageType.mask(types)))
        case .deliveryStatus(let statuses):
            return append(Node(op: .deliveryStatus, mask: DeliveryStatus.mask(statuses)))
        case .callStatus(let statuses):
            return append(Node(op: .callStatus, mask: CallStatus.mask(statuses)))
        case .unread(let comparison):
            return append(range(Node(op: .unread), comparison))
        case .callDuration(let comparison):
            return append(range(Node(op: .callDuration), comparison))
        case .tags(let test):
            var node = Node(op: .tags, flag: test.isEmpty.map { $0 ? 1 : 2 } ?? 0)
            node.a = words(.tags, test.required.map(TextFolding.key))
            node.b = test.anyOf.isEmpty ? -1 : words(.tags, test.anyOf.map(TextFolding.key))
            node.c = words(.tags, test.noneOf.map(TextFolding.key))
            return append(node)
        case .channel(let channels):
            return append(Node(op: .channel, a: words(.channel, Self.channelKeys(channels))), cost: 3)
        case .platform(let platforms):
            return append(Node(op: .platform, a: words(.platform, platforms.map(TextFolding.key))), cost: 3)
        case .platformStatus(let statuses):
            return append(Node(op: .platformStatus, a: words(.platformStatus, statuses.map(TextFolding.key))), cost: 3)
        case .assignee(.none):
            return append(Node(op: .assigneeNone))
        case .assignee(.any):
            return append(Node(op: .assigneeAny))
        case .assignee(.oneOf(let users)):
            return append(Node(op: .assigneeIn, a: words(.assignee, users.map(TextFolding.key))), cost: 3)
        case .body(let test):
            return text(test, .body, property: -1, diagnostics: &diagnostics)
        case .contactName(let test):
            return text(test, .contactName, property: -1, diagnostics: &diagnostics)
        case .contactPhone(let test):
            return text(test, .contactPhone, property: -1, diagnostics: &diagnostics)
        case .contactProperty(let name, let test):
            let number = propertyNames.firstIndex(of: name) ?? propertyNames.count
            if number == propertyNames.count { propertyNames.append(name) }
            return text(test, .contactProperty, property: Int32(number), diagnostics: &diagnostics)
        case .elapsed(let reference, let test):
            let flag = reference.ordinal
            switch test {
            case .never: return append(Node(op: .elapsedNever, flag: flag))
            case .compare(let comparison): return append(range(Node(op: .elapsed, flag: flag), comparison))
            }
        case .within(let name), .outside(let name):
            guard let number = calendarNumbers[name] else {
                // The compiler reports the undefined calendar; the rule set will not be used.
                return append(Node(op: .never))
            }
            let open: Bool = if case .within = condition.kind { true } else { false }
            return append(Node(op: .calendar, flag: open ? 1 : 0, a: Int32(number)), cost: 20)
        case .optedOut(let expected):
            readsOptOut = true
            return append(Node(op: .optedOut, flag: expected ? 1 : 0))
        case .serviceWindow(let open):
            return append(Node(op: .serviceWindow, flag: open ? 1 : 0))
        }
    }

    /// A rule's gate, and the first step of what its condition still asks once the gate
    /// admits an event: its conjuncts less those the gate checks in full (none left: `accept`).
    mutating func gate(of root: Int32) -> (gate: RuleGate, rest: Int32) {
        var conjuncts: [Int32] = []
        collectConjuncts(root, into: &conjuncts)
        var gate = RuleGate(conjuncts: conjuncts.map { nodes[Int($0)] })
        let keyed = conjuncts.map { keyTests(of: nodes[Int($0)]) }
        gate.keyTests = keyed.flatMap(\.tests)
        // `KeyGateIndex` indexes one one-of test per category: a conjunct's is checked in full
        // only when it is its category's one.
        var oneOfTests: [ConditionProgram.BitCategory: Int] = [:]
        for test in gate.keyTests where !test.excludes { oneOfTests[test.category, default: 0] += 1 }
        let rest = cheapestFirst(zip(conjuncts, keyed).filter { conjunct, keyed in
            let checkedByKeys = keyed.inFull && keyed.tests.allSatisfy { $0.excludes || oneOfTests[$0.category] == 1 }
            return !RuleGate.checks(nodes[Int(conjunct)].op) && !checkedByKeys
        }.map(\.0))
        var start = ConditionProgram.Step.accept
        for conjunct in rest.reversed() { start = appendSteps(conjunct, ifHolds: start, ifNot: ConditionProgram.Step.reject) }
        return (gate, start)
    }

    /// What a conjunct asks of the event's keys, in the form a gate checks: for tags, one
    /// required tag stands for all of them (the event needs it anyway), else the any-of set.
    /// `inFull`: the tests are all the conjunct asks (no emptiness test, no second required
    /// tag, not both required tags and an any-of set).
    private func keyTests(of node: ConditionProgram.Node) -> (tests: [RuleGate.KeyTest], inFull: Bool) {
        switch node.op {
        case .tags:
            var tests: [RuleGate.KeyTest] = []
            let required = keyNumbers(.tags, at: node.a)
            if let first = required.first {
                tests.append(.init(category: .tags, keys: [first]))
            } else if node.b >= 0 {
                tests.append(.init(category: .tags, keys: keyNumbers(.tags, at: node.b)))
            }
            let excluded = keyNumbers(.tags, at: node.c)
            if !excluded.isEmpty { tests.append(.init(category: .tags, keys: excluded, excludes: true)) }
            let inFull = node.flag == 0 && (required.isEmpty || required.count == 1 && node.b < 0)
            return (tests, inFull)
        case .channel: return ([.init(category: .channel, keys: keyNumbers(.channel, at: node.a))], true)
        case .assigneeIn: return ([.init(category: .assignee, keys: keyNumbers(.assignee, at: node.a))], true)
        case .platform: return ([.init(category: .platform, keys: keyNumbers(.platform, at: node.a))], true)
        case .platformStatus: return ([.init(category: .platformStatus, keys: keyNumbers(.platformStatus, at: node.a))], true)
        default: return ([], false)
        }
    }

    /// The key numbers in the bit set of a category stored at `offset` of `bitWords`.
    private func keyNumbers(_ category: ConditionProgram.BitCategory, at offset: Int32) -> [Int] {
        var numbers: [Int] = []
        for word in 0..<keys[category.rawValue].wordCount {
            var bits = bitWords[Int(offset) + word]
            while bits != 0 {
                numbers.append(word << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return numbers
    }

    /// Appends the steps of a node that go on to `ifHolds` or `ifNot`, and returns its first.
    /// Members are appended last first, so that each one's next step is known.
    private mutating func appendSteps(_ index: Int32, ifHolds: Int32, ifNot: Int32) -> Int32 {
        let node = nodes[Int(index)]
        switch node.op {
        case .all:
            return evaluationOrder[Int(node.a)..<Int(node.a + node.b)].reversed()
                .reduce(ifHolds) { next, member in appendSteps(member, ifHolds: next, ifNot: ifNot) }
        case .any:
            return evaluationOrder[Int(node.a)..<Int(node.a + node.b)].reversed()
                .reduce(ifNot) { next, member in appendSteps(member, ifHolds: ifHolds, ifNot: next) }
        case .not:
            return appendSteps(node.a, ifHolds: ifNot, ifNot: ifHolds)
        default:
            steps.append(.init(node: index, ifHolds: ifHolds, ifNot: ifNot))
            return Int32(steps.count - 1)
        }
    }

    /// An `all` or `any` of these nodes: kept in the order given (for explanations) and
    /// cheapest first (for evaluation).
    private mutating func appendGroup(_ op: ConditionProgram.Op, _ members: [Int32]) -> Int32 {
        let start = Int32(children.count)
        children += members
        evaluationOrder += cheapestFirst(members)
        return append(ConditionProgram.Node(op: op, a: start, b: Int32(members.count)), cost: members.reduce(1) { $0 + costs[Int($1)] })
    }

    /// Nodes by their cost, those of equal cost in the order given.
    private func cheapestFirst(_ members: [Int32]) -> [Int32] {
        members.enumerated().sorted { (costs[Int($0.element)], $0.offset) < (costs[Int($1.element)], $1.offset) }.map(\.element)
    }

    private func collectConjuncts(_ index: Int32, into conjuncts: inout [Int32]) {
        let node = nodes[Int(index)]
        guard node.op == .all else { return conjuncts.append(index) }
        for position in Int(node.a)..<Int(node.a + node.b) { collectConjuncts(children[position], into: &conjuncts) }
    }

    private mutating func append(_ node: ConditionProgram.Node, cost: Int = 1) -> Int32 {
        nodes.append(node)
        costs.append(cost)
        return Int32(nodes.count - 1)
    }

    private func range(_ node: ConditionProgram.Node, _ comparison: Comparison) -> ConditionProgram.Node {
        var node = node
        if let accepted = comparison.acceptedRange {
            node.low = accepted.lowerBound
            node.high = accepted.upperBound
        } else {
            node.op = .never
        }
        return node
    }

    /// Stores the bit set of these values and returns the offset of its words.
    private mutating func words(_ category: ConditionProgram.BitCategory, _ values: [String]) -> Int32 {
        let offset = Int32(bitWords.count)
        bitWords += keys[category.rawValue].bits(for: values)
        return offset
    }

    private mutating func text(_ test: TextTest, _ source: ConditionProgram.Source, property: Int32, diagnostics: inout [Diagnostic]) -> Int32 {
        let start = Int32(textOperations.count)
        var cost = 5
        let prepare: (String) -> [UInt8] = { source == .contactPhone ? TextFolding.phoneDigits($0) : TextFolding.fold($0) }
        for operation in test.operations {
            switch operation {
            case .equals(let values): textOperations.append(spans(.equals, values.map(prepare), source, property))
            case .contains(let values): textOperations.append(spans(.contains, values.map(prepare), source, property))
            case .containsAll(let values): textOperations.append(spans(.containsAll, values.map(prepare), source, property))
            case .startsWith(let values): textOperations.append(spans(.startsWith, values.map(prepare), source, property))
            case .endsWith(let values): textOperations.append(spans(.endsWith, values.map(prepare), source, property))
            case .words(let values): textOperations.append(spans(.words, values.map(prepare), source, property))
            case .script(let scripts): textOperations.append(.init(kind: .script, start: scripts.reduce(0) { $0 | $1.bit }))
            case .isSet(let expected): textOperations.append(.init(kind: .isSet, expected: expected))
            case .matches(let pattern, let location):
                do {
                    regexes.append(try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]))
                    regexPrefilters.append(RegexPrefilter(pattern: pattern))
                    textOperations.append(.init(kind: .regex, start: Int32(regexes.count - 1)))
                    cost += 100
                } catch {
                    diagnostics.append(.error(
                        "invalid regular expression /\(pattern)/: \(RuleCompiler.regexProblem(pattern)); check brackets, parentheses and escapes",
                        at: location))
                }
            }
            cost += 5
        }
        let node = ConditionProgram.Node(
            op: .text, flag: source.rawValue, a: start, b: Int32(textOperations.count) - start, c: property)
        return append(node, cost: cost)
    }

    private mutating func spans(_ kind: ConditionProgram.TextKind, _ values: [[UInt8]], _ source: ConditionProgram.Source,
                                _ property: Int32) -> ConditionProgram.TextOperation {
        let start = Int32(textSpans.count)
        for value in values {
            textSpans.append(.init(start: Int32(textBytes.count), length: Int32(value.count), needle: needle(kind, value, source, property)))
            textBytes += value
        }
        return .init(kind: kind, start: start, count: Int32(values.count))
    }

    /// The number of a searched needle, kept per event by the first 64 (rules often look for
    /// the same words: a search done for one rule answers the next); -1 for the others, and
    /// for comparisons at an end, which cost less than the lookup.
    private mutating func needle(_ kind: ConditionProgram.TextKind, _ value: [UInt8], _ source: ConditionProgram.Source, _ property: Int32) -> Int32 {
        guard kind == .contains || kind == .containsAll || kind == .words else { return -1 }
        let needle = Needle(source: source, property: property, wholeWords: kind == .words, bytes: value)
        if let number = needleNumbers[needle] { return number }
        guard needleNumbers.count < 64 else { return -1 }
        let number = Int32(needleNumbers.count)
        needleNumbers[needle] = number
        return number
    }
}
