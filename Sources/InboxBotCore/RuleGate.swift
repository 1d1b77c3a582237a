/// A rule's cheap necessary tests, checked before its condition is interpreted: the bit
/// tests and ranges its condition's top-level `all` requires (event type, status,
/// direction, message type, delivery and call status, unread, assigned or not), merged
/// into one plain value. A gate that does not admit an event means the condition cannot
/// hold; one that does says nothing, and the condition decides.
struct RuleGate: Sendable {
    /// Each mask holds when it shares a bit with the event's (an event has at most one
    /// bit per category); `UInt32.max` is no test.
    var eventTypes = UInt32.max
    var status = UInt32.max
    var direction = UInt32.max
    var messageType = UInt32.max
    var deliveryStatus = UInt32.max
    var callStatus = UInt32.max
    var unreadLow = Int.min
    var unreadHigh = Int.max
    var mustBeAssigned = false
    var mustBeUnassigned = false
    var never = false

    /// The gate of the condition rooted at `root`: its tests joined by `all` (at any depth).
    init(root: Int, program: ConditionProgram) {
        collect(root, program)
    }

    private mutating func collect(_ index: Int, _ program: ConditionProgram) {
        let node = program.nodes[index]
        guard node.op == .all else { return add(node) }
        for position in Int(node.a)..<Int(node.a + node.b) { collect(Int(program.children[position]), program) }
    }

    private mutating func add(_ node: ConditionProgram.Node) {
        switch node.op {
        case .eventTypes: eventTypes &= node.mask
        case .status: status &= node.mask
        case .direction: direction &= node.mask
        case .messageType: messageType &= node.mask
        case .deliveryStatus: deliveryStatus &= node.mask
        case .callStatus: callStatus &= node.mask
        case .unread:
            unreadLow = max(unreadLow, node.low)
            unreadHigh = min(unreadHigh, node.high)
        case .assigneeNone: mustBeUnassigned = true
        case .assigneeAny: mustBeAssigned = true
        case .never: never = true
        default: break
        }
    }

    func admits(_ context: EvaluationContext) -> Bool {
        if never { return false }
        if eventTypes != .max, eventTypes & context.eventTypeBit == 0 { return false }
        if status != .max, status & context.statusBit == 0 { return false }
        if direction != .max, direction & context.directionBit == 0 { return false }
        if messageType != .max, messageType & context.messageTypeBit == 0 { return false }
        if deliveryStatus != .max, deliveryStatus & context.deliveryStatusBit == 0 { return false }
        if callStatus != .max, callStatus & context.callStatusBit == 0 { return false }
        let unread = context.unread
        if unread < unreadLow || unread > unreadHigh { return false }
        if mustBeAssigned || mustBeUnassigned {
            let assigned = context.isAssigned
            if mustBeAssigned && !assigned || mustBeUnassigned && assigned { return false }
        }
        return true
    }
}
