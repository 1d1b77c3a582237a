import Foundation

/// Every rule's condition in the form the evaluator runs: one flat array of plain nodes
/// plus side tables, so that evaluation follows indexes and touches no reference counts.
///
/// Sets of enum values become bit masks; tags, channels, users and platforms become bits
/// in a shared word pool; comparisons become ranges; text is folded into a byte pool;
/// regexes and calendars are built once. The children of `all` and `any` are kept in the
/// order written (for explanations) and also cheapest first (for evaluation), so that
/// cheap tests short-circuit dear ones.
///
/// What the evaluator runs of a rule is its `steps`: the condition's tests in evaluation
/// order, each saying where to go next when it holds and when it does not (`and`, `or`
/// and `not` become those jumps), so a rule's tests run in one loop, without recursion.
final class ConditionProgram: Sendable {
    enum Op: UInt8, Sendable {
        case all, any, not, eventTypes, platform, platformStatus, status, tags, direction, unread, channel
        case assigneeNone, assigneeAny, assigneeIn, messageType, text, deliveryStatus, callStatus, callDuration
        case elapsed, elapsedNever, calendar, never, optedOut, serviceWindow
    }

    /// One test. What each field holds depends on `op`; `ConditionProgramBuilder` says which.
    struct Node: Sendable {
        var op: Op
        var flag: UInt8 = 0
        var mask: UInt32 = 0
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = -1
        var low = Int.min
        var high = Int.max
    }

    /// One test of a rule's steps, and the step to run next when it holds or does not;
    /// a negative next step is the verdict (`accept` or `reject`).
    struct Step: Sendable {
        var node: Int32
        var ifHolds: Int32
        var ifNot: Int32
        /// The slot of a test several rules ask alike, whose result is kept for the event;
        /// -1 for one worked out each time.
        var shared: Int32 = -1

        static let accept: Int32 = -1
        static let reject: Int32 = -2
    }

    enum TextKind: UInt8, Sendable {
        case equals, contains, containsAll, startsWith, endsWith, words, script, regex, isSet
    }

    struct TextOperation: Sendable {
        var kind: TextKind
        var expected = true
        /// The values, as a range of `textSpans`; for a regex, its number.
        var start: Int32 = 0
        var count: Int32 = 0
    }

    struct Span: Sendable {
        var start: Int32
        var length: Int32
        /// For a substring or word search, the number under which an event keeps whether it
        /// has this needle (`EvaluationContext.searched`); -1 when not kept.
        var needle: Int32 = -1
    }

    enum Source: UInt8, Sendable {
        case body, contactName, contactPhone, contactProperty
    }

    enum BitCategory: Int, Sendable, CaseIterable {
        case tags, channel, assignee, platform, platformStatus
    }

    let nodes: [Node]
    let children: [Int32]
    let evaluationOrder: [Int32]
    let steps: [Step]
    let bitWords: [UInt64]
    let textOperations: [TextOperation]
    let textSpans: [Span]
    let textBytes: [UInt8]
    let propertyNames: [String]
    let regexes: [NSRegularExpression]
    let regexPrefilters: [RegexPrefilter?]
    let calendars: [BusinessCalendar]
    /// Whether a condition reads the contact's opt-out, which is then looked up for each event.
    let readsOptOut: Bool
    /// Per bit category, the names rules mention.
    let keys: [KeyIndex]
    /// Per bit category, where its words start in an event's bits, and how many there are.
    let wordOffsets: [Int]
    let wordCounts: [Int]
    let totalWords: Int

    init(_ builder: ConditionProgramBuilder) {
        var builder = builder
        builder.shareRepeatedTests()
        nodes = builder.nodes
        children = builder.children
        evaluationOrder = builder.evaluationOrder
        steps = builder.steps
        bitWords = builder.bitWords
        textOperations = builder.textOperations
        textSpans = builder.textSpans
        textBytes = builder.textBytes
        propertyNames = builder.propertyNames
        regexes = builder.regexes
        regexPrefilters = builder.regexPrefilters
        calendars = builder.calendars
        readsOptOut = builder.readsOptOut
        keys = builder.keys
        wordCounts = keys.map(\.wordCount)
        var offsets: [Int] = []
        var total = 0
        for count in wordCounts {
            offsets.append(total)
            total += count
        }
        wordOffsets = offsets
        totalWords = total
    }

    /// Whether the steps from `start` (a step, or already a verdict) accept the event.
    func passes(from start: Int32, _ context: inout EvaluationContext) -> Bool {
        start < 0 ? start == Step.accept : passes(startingWith: steps[Int(start)], &context)
    }

    /// `passes(from:)` given the step at `start` already read (`first`), as the evaluation
    /// loop keeps it beside each candidate rule: read from `steps`, most rules' first step
    /// was a cache miss, and most rules go no further.
    @inline(__always)
    func passes(from start: Int32, first: Step, _ context: inout EvaluationContext) -> Bool {
        start < 0 ? start == Step.accept : passes(startingWith: first, &context)
    }

    @inline(__always)
    private func passes(startingWith first: Step, _ context: inout EvaluationContext) -> Bool {
        var step = first
        while true {
            let holds: Bool
            if step.shared < 0 {
                holds = test(Int(step.node), &context)
            } else if let known = context.sharedResult(step.shared) {
                holds = known
            } else {
                holds = test(Int(step.node), &context)
                context.keepShared(step.shared, holds)
            }
            let next = holds ? step.ifHolds : step.ifNot
            guard next >= 0 else { return next == Step.accept }
            step = steps[Int(next)]
        }
    }

    /// Whether the condition at a node holds; `all`, `any` and `not` by recursion (for
    /// explanations: the evaluator runs `steps`).
    func holds(_ index: Int, _ context: inout EvaluationContext) -> Bool {
        let node = nodes[index]
        switch node.op {
        case .all:
            for position in Int(node.a)..<Int(node.a + node.b) where !holds(Int(evaluationOrder[position]), &context) { return false }
            return true
        case .any:
            for position in Int(node.a)..<Int(node.a + node.b) where holds(Int(evaluationOrder[position]), &context) { return true }
            return false
        case .not:
            return !holds(Int(node.a), &context)
        default:
            return test(index, &context)
        }
    }

    /// Whether one test (any node but `all`, `any` and `not`) holds.
    private func test(_ index: Int, _ context: inout EvaluationContext) -> Bool {
        let node = nodes[index]
        switch node.op {
        case .all, .any, .not:
            return holds(index, &context)
        case .never:
            return false
        case .eventTypes:
            return node.mask & context.eventTypeBit != 0
        case .status:
            return node.mask & context.statusBit != 0
        case .direction:
            return node.mask & context.directionBit != 0
        case .messageType:
            return node.mask & context.messageTypeBit != 0
        case .deliveryStatus:
            return node.mask & context.deliveryStatusBit != 0
        case .callStatus:
            return node.mask & context.callStatusBit != 0
        case .unread:
            let unread = context.event.conversation.unread
            return unread >= node.low && unread <= node.high
        case .callDuration:
            guard let duration = context.event.call?.durationSeconds else { return false }
            return duration >= node.low && duration <= node.high
        case .tags:
            // flag: 0 no emptiness test, 1 must be empty, 2 must not be empty.
            if node.flag != 0, (node.flag == 1) != context.event.conversation.tags.isEmpty { return false }
            context.computeBits(.tags, program: self)
            if !covers(context, .tags, Int(node.a)) { return false }
            if node.b >= 0, !intersects(context, .tags, Int(node.b)) { return false }
            return !intersects(context, .tags, Int(node.c))
        case .channel:
            context.computeBits(.channel, program: self)
            return intersects(context, .channel, Int(node.a))
        case .platform:
            context.computeBits(.platform, program: self)
            return intersects(context, .platform, Int(node.a))
        case .platformStatus:
            context.computeBits(.platformStatus, program: self)
            return intersects(context, .platformStatus, Int(node.a))
        case .assigneeNone:
            return context.event.conversation.assignee == nil
        case .assigneeAny:
            return context.event.conversation.assignee != nil
        case .assigneeIn:
            context.computeBits(.assignee, program: self)
            return intersects(context, .assignee, Int(node.a))
        case .text:
            let source = Source(rawValue: node.flag) ?? .body
            for position in Int(node.a)..<Int(node.a + node.b)
            where !textHolds(textOperations[position], source, property: Int(node.c), &context) {
                return false
            }
            return true
        case .elapsed, .elapsedNever:
            let elapsed = context.elapsedSeconds(since: TimeReference(ordinal: node.flag))
            if node.op == .elapsedNever { return elapsed == nil }
            guard let elapsed else { return false }
            return elapsed >= node.low && elapsed <= node.high
        case .calendar:
            return context.calendarIsOpen(Int(node.a), program: self) == (node.flag == 1)
        case .optedOut:
            return (context.input.optOut != nil) == (node.flag == 1)
        case .serviceWindow:
            return context.input.serviceWindowIsOpen == (node.flag == 1)
        }
    }

    private func textHolds(_ operation: TextOperation, _ source: Source, property: Int, _ context: inout EvaluationContext) -> Bool {
        switch operation.kind {
        case .isSet:
            return (context.input.text(source, property: property) != nil) == operation.expected
        case .script:
            guard let text = context.input.text(source, property: property) else { return false }
            return TextScript.of(text).bit & operation.start != 0
        case .regex:
            return context.regexMatches(Int(operation.start), source, property: property, program: self)
        default:
            let spans = Int(operation.start)..<Int(operation.start + operation.count), kind = operation.kind
            if kind == .contains || kind == .containsAll || kind == .words { return searches(spans, kind, source, property: property, &context) }
            // Compared in place, through buffers: these run for every text test of every rule.
            return context.withComparableText(source, property: property, program: self) { text in
                textBytes.withUnsafeBufferPointer { values in
                    switch kind {
                    case .equals: spans.contains { Int(textSpans[$0].length) == text.count && Self.hasPrefix(text, values, textSpans[$0]) }
                    case .startsWith: spans.contains { Self.hasPrefix(text, values, textSpans[$0]) }
                    default: spans.contains { Self.hasSuffix(text, values, textSpans[$0]) }
                    }
                }
            } ?? false
        }
    }

    /// A substring or word search (`contains`, `contains_all`, `words`): each needle's result is
    /// kept for the event, so that the rules after this one that look for it do not search again.
    private func searches(_ spans: Range<Int>, _ kind: TextKind, _ source: Source, property: Int, _ context: inout EvaluationContext) -> Bool {
        var searched = context.searched
        let holds = context.withComparableText(source, property: property, program: self) { text in
            textBytes.withUnsafeBufferPointer { values in
                // A loop, not `contains(where:)`: a closure would box `searched`.
                let all = kind == .containsAll
                for position in spans {
                    let span = textSpans[position]
                    let has: Bool
                    if let known = searched.result(span.needle) {
                        has = known
                    } else {
                        has = kind == .words ? WholeWords.contains(text, values, span) : Self.contains(text, values, span)
                        searched.keep(span.needle, has)
                    }
                    if has != all { return has }
                }
                return all
            }
        } ?? false
        context.searched = searched
        return holds
    }

    /// Whether the event has every bit of the set at `offset`. Inlined: called, it would be
    /// handed a copy of the whole context.
    @inline(__always)
    private func covers(_ context: EvaluationContext, _ category: BitCategory, _ offset: Int) -> Bool {
        let eventOffset = wordOffsets[category.rawValue]
        for word in 0..<wordCounts[category.rawValue] where bitWords[offset + word] & ~context.eventWords[eventOffset + word] != 0 {
            return false
        }
        return true
    }

    /// Whether the event has any bit of the set at `offset`.
    @inline(__always)
    private func intersects(_ context: EvaluationContext, _ category: BitCategory, _ offset: Int) -> Bool {
        let eventOffset = wordOffsets[category.rawValue]
        for word in 0..<wordCounts[category.rawValue] where bitWords[offset + word] & context.eventWords[eventOffset + word] != 0 {
            return true
        }
        return false
    }

    /// Whether `text` starts with the span of `values`.
    private static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>, _ span: Span) -> Bool {
        ByteSearch.matches(text, at: 0, UnsafeBufferPointer(rebasing: values[Int(span.start)..<Int(span.start) + Int(span.length)]))
    }

    private static func hasSuffix(_ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>, _ span: Span) -> Bool {
        ByteSearch.matches(text, at: text.count - Int(span.length), UnsafeBufferPointer(rebasing: values[Int(span.start)..<Int(span.start) + Int(span.length)]))
    }

    /// Whether the span of `values` occurs in `text`.
    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>, _ span: Span) -> Bool {
        ByteSearch.contains(text, UnsafeBufferPointer(rebasing: values[Int(span.start)..<Int(span.start) + Int(span.length)]))
    }
}
