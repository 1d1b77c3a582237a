/// A rule's cheap necessary tests, checked before its condition is interpreted: the bit
/// tests and ranges its condition's top-level `all` requires (event type, status,
/// direction, message type, delivery and call status, unread, assigned or not), merged
/// into one plain value. A gate that does not admit an event means the condition cannot
/// hold; one that does says nothing, and the condition decides.
struct RuleGate: Sendable {
    /// The event facts the gate allows, laid out as `facts(of:)` lays out an event's: a
    /// field the condition does not test allows every value, absent included. An event
    /// gets through when it has no fact outside this word.
    private(set) var allowed = UInt64.max
    var unreadLow = Int.min
    var unreadHigh = Int.max
    /// What its conjuncts ask of the event's tags, channel, assignee and platform: keys the
    /// event must have one of, or none of. `KeyGateIndex` checks them for many rules at once;
    /// a conjunct they stand for in full is not tested again (`ConditionProgramBuilder.gate(of:)`).
    var keyTests: [KeyTest] = []

    /// Keys (`KeyIndex` numbers) of one category that an event must have one of, or none of.
    struct KeyTest: Sendable {
        var category: ConditionProgram.BitCategory
        var keys: [Int]
        var excludes = false
    }

    /// Where each field's bits start in a word of facts: one bit per value, and for the
    /// fields an event may lack, one more bit for "absent".
    private enum Field: UInt64 {
        case eventType = 0, status = 15, direction = 18, messageType = 22, deliveryStatus = 33, callStatus = 39, assignment = 46

        /// The bits of the field, "absent" included.
        var bits: UInt64 {
            let width: UInt64 = switch self {
            case .eventType: 15
            case .status: 3
            case .direction: 4
            case .messageType: 11
            case .deliveryStatus: 6
            case .callStatus: 7
            case .assignment: 2
            }
            return ((1 << width) - 1) << rawValue
        }
    }

    /// An event's facts as one word: the bit of its type, status, direction, message type,
    /// delivery and call status (or their "absent" bit) and whether it is assigned.
    static func facts(of event: Event) -> UInt64 {
        func fact(_ field: Field, _ bit: UInt32?, absent: Int) -> UInt64 {
            UInt64(bit ?? UInt32(1) << UInt32(absent)) << field.rawValue
        }
        return fact(.eventType, event.type.bit, absent: 0)
            | fact(.status, event.conversation.status.bit, absent: 0)
            | fact(.direction, event.direction?.bit, absent: Direction.allCases.count)
            | fact(.messageType, event.message?.type.bit, absent: MessageType.allCases.count)
            | fact(.deliveryStatus, event.message?.status?.bit, absent: DeliveryStatus.allCases.count)
            | fact(.callStatus, event.call?.status.bit, absent: CallStatus.allCases.count)
            | fact(.assignment, event.conversation.assignee == nil ? 2 : 1, absent: 0)
    }

    /// The gate of a condition's conjuncts (its tests joined by `all`, at any depth).
    init(conjuncts: some Sequence<ConditionProgram.Node>) {
        for node in conjuncts { add(node) }
    }

    /// Whether the gate checks a test of this kind in full, so that the condition need not
    /// check it again once the gate admits an event.
    static func checks(_ op: ConditionProgram.Op) -> Bool {
        switch op {
        case .eventTypes, .status, .direction, .messageType, .deliveryStatus, .callStatus, .unread, .assigneeNone, .assigneeAny, .never: true
        default: false
        }
    }

    private mutating func add(_ node: ConditionProgram.Node) {
        switch node.op {
        case .eventTypes: allow(.eventType, node.mask)
        case .status: allow(.status, node.mask)
        case .direction: allow(.direction, node.mask)
        case .messageType: allow(.messageType, node.mask)
        case .deliveryStatus: allow(.deliveryStatus, node.mask)
        case .callStatus: allow(.callStatus, node.mask)
        case .unread:
            unreadLow = max(unreadLow, node.low)
            unreadHigh = min(unreadHigh, node.high)
        case .assigneeNone: allow(.assignment, 2)
        case .assigneeAny: allow(.assignment, 1)
        case .never: allowed = 0
        default: break
        }
    }

    /// Narrows one field to these values (never to "absent": a test of a missing field fails).
    private mutating func allow(_ field: Field, _ mask: UInt32) {
        allowed &= ~field.bits | (UInt64(mask) << field.rawValue & field.bits)
    }

    /// Whether the gate admits the event, its key tests included, for one rule on its own
    /// (a due timer); the evaluation loop checks many rules' gates at once (`GateIndex`).
    func admits(_ context: inout EvaluationContext, program: ConditionProgram) -> Bool {
        guard context.facts & ~allowed == 0, admits(unread: context.unread) else { return false }
        for test in keyTests {
            context.computeBits(test.category, program: program)
            let hasOne = test.keys.contains { context.hasKey($0, of: test.category, program: program) }
            if hasOne == test.excludes { return false }
        }
        return true
    }

    func admits(unread: Int) -> Bool {
        unread >= unreadLow && unread <= unreadHigh
    }
}
