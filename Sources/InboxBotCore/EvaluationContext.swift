import Foundation

/// What the evaluator works out about one event, once, however many rules ask.
///
/// Folded text and regex results are computed on first use and kept for the next rule.
struct EvaluationContext {
    let event: Event
    let now: Date
    let statusBit: UInt32
    let directionBit: UInt32
    let messageTypeBit: UInt32
    let deliveryStatusBit: UInt32
    let callStatusBit: UInt32
    let eventTypeBit: UInt32
    let tagBits: TagBits

    private var foldedBody: [UInt8]?
    private var foldedContactName: [UInt8]?
    private var contactPhoneDigits: [UInt8]?
    private var foldedProperties: [String: [UInt8]] = [:]
    private var foldedChannel: [UInt8]?
    private var foldedAssignee: [UInt8]?
    /// Per regex id: 0 not yet run, 1 matched, 2 did not match.
    private var regexResults: [UInt8]

    init(event: Event, now: Date, tables: EvaluationTables) {
        self.event = event
        self.now = now
        statusBit = CaseMask.bit(event.conversation.status)
        directionBit = event.direction.map(CaseMask.bit) ?? 0
        messageTypeBit = event.message.map { CaseMask.bit($0.type) } ?? 0
        deliveryStatusBit = event.message?.status.map(CaseMask.bit) ?? 0
        callStatusBit = event.call.map { CaseMask.bit($0.status) } ?? 0
        eventTypeBit = CaseMask.bit(event.type)
        var bits = TagBits(wordCount: tables.tagWordCount)
        if !tables.tagIndex.isEmpty {
            for tag in event.conversation.tags {
                if let bit = tables.tagIndex[TextFolding.fold(tag)] { bits.insert(bit) }
            }
        }
        tagBits = bits
        regexResults = [UInt8](repeating: 0, count: tables.regexCount)
    }

    /// The original text of a source, or nil when the event lacks it.
    func rawText(_ source: TextSource) -> String? {
        let text: String? = switch source {
        case .body: event.message?.body
        case .contactName: event.conversation.contact.name
        case .contactPhone: event.conversation.contact.phone
        case .contactProperty(let name): event.conversation.contact.properties[name]
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// The folded text of a source (digits only for phones), or nil when missing.
    mutating func comparableText(_ source: TextSource) -> [UInt8]? {
        switch source {
        case .body:
            if foldedBody == nil, let text = rawText(.body) { foldedBody = TextFolding.fold(text) }
            return foldedBody
        case .contactName:
            if foldedContactName == nil, let text = rawText(.contactName) { foldedContactName = TextFolding.fold(text) }
            return foldedContactName
        case .contactPhone:
            if contactPhoneDigits == nil, let text = rawText(.contactPhone) { contactPhoneDigits = TextFolding.phoneDigits(text) }
            return contactPhoneDigits
        case .contactProperty(let name):
            if let cached = foldedProperties[name] { return cached }
            guard let text = rawText(source) else { return nil }
            let folded = TextFolding.fold(text)
            foldedProperties[name] = folded
            return folded
        }
    }

    mutating func channelMatches(_ keys: Set<[UInt8]>) -> Bool {
        let channel = event.conversation.channel
        if let id = channel.id, keys.contains(Array(id.utf8)) { return true }
        if foldedChannel == nil, let name = channel.name { foldedChannel = TextFolding.fold(name) }
        return foldedChannel.map(keys.contains) ?? false
    }

    mutating func assigneeMatches(_ users: Set<[UInt8]>) -> Bool {
        if foldedAssignee == nil, let assignee = event.conversation.assignee { foldedAssignee = TextFolding.fold(assignee) }
        return foldedAssignee.map(users.contains) ?? false
    }

    mutating func regexMatches(id: Int, _ regex: NSRegularExpression, in source: TextSource) -> Bool {
        switch regexResults[id] {
        case 1: return true
        case 2: return false
        default:
            guard let text = rawText(source) else {
                regexResults[id] = 2
                return false
            }
            let matched = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            regexResults[id] = matched ? 1 : 2
            return matched
        }
    }

    /// Seconds since a reference moment, or nil when it never happened.
    func elapsedSeconds(since reference: TimeReference) -> Int? {
        let conversation = event.conversation
        let moment: Date? = switch reference {
        case .lastInbound: conversation.lastInboundAt
        case .lastOutbound: conversation.lastOutboundAt
        case .created: conversation.createdAt
        case .assigned: conversation.assignedAt
        }
        return moment.map { Int(now.timeIntervalSince($0).rounded(.down)) }
    }
}

/// Lookup tables shared by every rule of a compiled rule set.
final class EvaluationTables: Sendable {
    /// Folded tag name to bit number.
    let tagIndex: [[UInt8]: Int]
    let tagWordCount: Int
    let regexCount: Int

    init(tagIndex: [[UInt8]: Int], regexCount: Int) {
        self.tagIndex = tagIndex
        tagWordCount = max(1, (tagIndex.count + 63) / 64)
        self.regexCount = regexCount
    }
}

extension CompiledCondition {
    func holds(_ context: inout EvaluationContext) -> Bool {
        switch self {
        case .all(let children, let order):
            for index in order where !children[index].holds(&context) { return false }
            return true
        case .any(let children, let order):
            for index in order where children[index].holds(&context) { return true }
            return false
        case .not(let child):
            return !child.holds(&context)
        case .eventTypes(let mask):
            return mask & context.eventTypeBit != 0
        case .platform(let platforms):
            return context.event.conversation.platform.map { platforms.contains($0.lowercased()) } ?? false
        case .status(let mask):
            return mask & context.statusBit != 0
        case .tags(let test):
            if let isEmpty = test.isEmpty, isEmpty != context.event.conversation.tags.isEmpty { return false }
            guard test.required.isSubset(of: context.tagBits) else { return false }
            if let anyOf = test.anyOf, !anyOf.intersects(context.tagBits) { return false }
            return !test.noneOf.intersects(context.tagBits)
        case .direction(let mask):
            return mask & context.directionBit != 0
        case .unread(let comparison):
            return comparison.holds(for: context.event.conversation.unread)
        case .channel(let keys):
            return context.channelMatches(keys)
        case .assigneeNone:
            return context.event.conversation.assignee == nil
        case .assigneeAny:
            return context.event.conversation.assignee != nil
        case .assigneeIn(let users):
            return context.assigneeMatches(users)
        case .messageType(let mask):
            return mask & context.messageTypeBit != 0
        case .text(let source, let operations):
            for operation in operations where !operation.holds(source, &context) { return false }
            return true
        case .deliveryStatus(let mask):
            return mask & context.deliveryStatusBit != 0
        case .callStatus(let mask):
            return mask & context.callStatusBit != 0
        case .callDuration(let comparison):
            return context.event.call.map { comparison.holds(for: $0.durationSeconds) } ?? false
        case .elapsed(let reference, let test):
            let elapsed = context.elapsedSeconds(since: reference)
            switch test {
            case .never: return elapsed == nil
            case .compare(let comparison): return elapsed.map(comparison.holds) ?? false
            }
        case .calendar(let calendar, let open):
            return calendar.isOpen(at: context.now) == open
        }
    }
}

extension CompiledTextOperation {
    func holds(_ source: TextSource, _ context: inout EvaluationContext) -> Bool {
        switch self {
        case .isSet(let expected):
            return (context.rawText(source) != nil) == expected
        case .regex(let id, let regex):
            return context.regexMatches(id: id, regex, in: source)
        case .equals(let values):
            guard let text = context.comparableText(source) else { return false }
            return values.contains(text)
        case .contains(let values):
            guard let text = context.comparableText(source) else { return false }
            return values.contains { text.containsBytes($0) }
        case .containsAll(let values):
            guard let text = context.comparableText(source) else { return false }
            return values.allSatisfy { text.containsBytes($0) }
        case .startsWith(let values):
            guard let text = context.comparableText(source) else { return false }
            return values.contains { text.hasBytePrefix($0) }
        case .endsWith(let values):
            guard let text = context.comparableText(source) else { return false }
            return values.contains { text.hasByteSuffix($0) }
        }
    }
}
