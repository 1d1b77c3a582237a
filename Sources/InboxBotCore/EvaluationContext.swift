import Foundation

/// What the evaluator works out about one event, once, however many rules ask.
///
/// Everything costly (folded text, bit sets, regex results) is computed on first use and
/// kept for the next rule.
struct EvaluationContext {
    /// The event and time, boxed once and shared with every decision's explanation.
    let input: EvaluationInput
    /// Lent, not copied: a copy of the event retains each of its strings, and tests read
    /// one field of it.
    var event: Event {
        _read { yield input.event }
    }
    var now: Date { input.now }
    let statusBit: UInt32
    let directionBit: UInt32
    let messageTypeBit: UInt32
    let deliveryStatusBit: UInt32
    let callStatusBit: UInt32
    let eventTypeBit: UInt32
    let unread: Int
    /// The event's facts as `RuleGate` reads them.
    let facts: UInt64

    /// The event's tags, channel, assignee and platform as bits, each category at its
    /// program offset; `filledCategories` says which are computed yet.
    private(set) var eventWords: [UInt64] = []
    private var filledCategories: UInt8 = 0
    /// The event's texts as the text tests compare them (folded, or a phone's digits), and
    /// in the form the regex prefilters search, one after another in one buffer: one
    /// allocation for them all, read in place.
    private var textBuffer: [UInt8] = []
    /// Where each worked-out text lies in `textBuffer`; nil when the event lacks it.
    private var bodyText: Range<Int>?
    private var contactNameText: Range<Int>?
    private var contactPhoneText: Range<Int>?
    /// Per property number of the program, once a property test asks.
    private var propertyTexts: [Range<Int>?] = []
    /// Which texts are worked out, missing ones included: a bit per source, then per
    /// property number (the first 61), so that a missing text is not looked up again.
    private var textsWorkedOut: UInt64 = 0
    /// Per regex (the first 64): whether it has run on this event, and whether it matched.
    /// The builder compiles each `matches` on its own, so a regex belongs to one text source.
    private var regexesRun: UInt64 = 0
    private var regexesMatched: UInt64 = 0
    /// The results of the regexes past the 64th, by number.
    private var laterRegexResults: [Int: Bool] = [:]
    /// The text the last prefiltered regex read, and where its form the prefilters search
    /// lies in `textBuffer` (nil: it has none): the next regex nearly always reads the same text.
    private var searchable: (source: ConditionProgram.Source, property: Int, range: Range<Int>?)?
    /// The needles the text tests searched the event's texts for, and what they found.
    var searched = NeedleResults()
    /// Per shared test (`ConditionProgram.Step.shared`): whether it is worked out yet, and whether it held.
    private var sharedKnown: UInt64 = 0
    private var sharedHeld: UInt64 = 0
    /// Per calendar (the first 64): whether it is worked out yet, and whether it is open at `now`.
    private var calendarsKnown: UInt64 = 0
    private var calendarsOpen: UInt64 = 0

    init(_ input: EvaluationInput) {
        var scratch = EvaluationScratch()
        self.init(input, reusing: &scratch)
    }

    /// Works in `scratch`'s room (emptied, its capacity kept); `giveBack(to:)` returns it.
    init(_ input: EvaluationInput, reusing scratch: inout EvaluationScratch) {
        swap(&eventWords, &scratch.eventWords)
        swap(&textBuffer, &scratch.textBuffer)
        swap(&propertyTexts, &scratch.propertyTexts)
        // Emptied only when used: emptying goes through a generic replaceSubrange.
        if !eventWords.isEmpty { eventWords.removeAll(keepingCapacity: true) }
        if !textBuffer.isEmpty { textBuffer.removeAll(keepingCapacity: true) }
        if !propertyTexts.isEmpty { propertyTexts.removeAll(keepingCapacity: true) }
        self.input = input
        let event = input.event
        statusBit = event.conversation.status.bit
        directionBit = event.direction?.bit ?? 0
        messageTypeBit = event.message?.type.bit ?? 0
        deliveryStatusBit = event.message?.status?.bit ?? 0
        callStatusBit = event.call?.status.bit ?? 0
        eventTypeBit = event.type.bit
        unread = event.conversation.unread
        facts = RuleGate.facts(of: event)
    }

    /// Hands the room back for the next evaluation.
    mutating func giveBack(to scratch: inout EvaluationScratch) {
        swap(&eventWords, &scratch.eventWords)
        swap(&textBuffer, &scratch.textBuffer)
        swap(&propertyTexts, &scratch.propertyTexts)
    }

    /// Makes sure the event's bits of a category are computed; the check is inlined, since
    /// every tag, channel and assignee test of every rule makes it.
    @inline(__always)
    mutating func computeBits(_ category: ConditionProgram.BitCategory, program: ConditionProgram) {
        let flag = UInt8(truncatingIfNeeded: 1 &<< category.rawValue)
        if filledCategories & flag == 0 { fillBits(category, flag: flag, program: program) }
    }

    @inline(never)
    private mutating func fillBits(_ category: ConditionProgram.BitCategory, flag: UInt8, program: ConditionProgram) {
        filledCategories |= flag
        if eventWords.isEmpty { eventWords.append(filled: 0, count: program.totalWords) }
        let keys = program.keys[category.rawValue], offset = program.wordOffsets[category.rawValue]
        switch category {
        case .tags: for tag in input.event.conversation.tags { keys.setFolded(tag, in: &eventWords, at: offset) }
        case .channel:
            if let name = input.event.conversation.channel.name { keys.setFolded(name, in: &eventWords, at: offset) }
            if let id = input.event.conversation.channel.id { keys.setExact(id, in: &eventWords, at: offset) }
        case .assignee: if let assignee = input.event.conversation.assignee { keys.setFolded(assignee, in: &eventWords, at: offset) }
        case .platform: if let platform = input.event.conversation.platform { keys.setFolded(platform, in: &eventWords, at: offset) }
        case .platformStatus: if let status = input.event.conversation.platformStatus { keys.setFolded(status, in: &eventWords, at: offset) }
        }
    }

    /// Whether the event has a key (a `KeyIndex` number) of a category whose bits are computed.
    func hasKey(_ key: Int, of category: ConditionProgram.BitCategory, program: ConditionProgram) -> Bool {
        eventWords[program.wordOffsets[category.rawValue] + key >> 6] & 1 << UInt64(key & 63) != 0
    }

    /// `body` on the folded text of a source (digits only for phones), read in place; nil
    /// when the event lacks the text. Inlined for the text already worked out, which most
    /// of the event's text tests read.
    @inline(__always)
    mutating func withComparableText<Result>(_ source: ConditionProgram.Source, property: Int, program: ConditionProgram,
                                             _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let range: Range<Int>?
        if textsWorkedOut & Self.textBit(source, property: property) == 0 {
            // A property past the 61st has no bit: found here once worked out, if present.
            if source == .contactProperty, property < propertyTexts.count, let known = propertyTexts[property] {
                range = known
            } else {
                range = workOutComparableText(source, property: property, program: program)
            }
        } else {
            range = switch source {
            case .body: bodyText
            case .contactName: contactNameText
            case .contactPhone: contactPhoneText
            case .contactProperty: property < propertyTexts.count ? propertyTexts[property] : nil
            }
        }
        guard let range else { return nil }
        return textBuffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The bit of a text in `textsWorkedOut`; none for properties past the 61st.
    @inline(__always)
    private static func textBit(_ source: ConditionProgram.Source, property: Int) -> UInt64 {
        guard source == .contactProperty else { return 1 << UInt64(source.rawValue) }
        return property < 61 ? 1 << UInt64(3 + property) : 0
    }

    /// A text not yet worked out: appended to `textBuffer`.
    @inline(never)
    private mutating func workOutComparableText(_ source: ConditionProgram.Source, property: Int, program: ConditionProgram) -> Range<Int>? {
        textsWorkedOut |= Self.textBit(source, property: property)
        guard var text = input.text(source, property: property) else { return nil }
        var range = text.withUTF8 { bytes in
            appendText(maximum: bytes.count) { room in
                // The fold is never longer than the text, nor are its digits.
                source == .contactPhone ? TextFolding.writePhoneDigits(of: bytes, into: room) : TextFolding.foldASCIIAndArabic(bytes, into: room)
            }
        }
        if range == nil {
            // Other scripts, folded scalar by scalar.
            let folded = TextFolding.fold(text)
            range = appendText(maximum: folded.count) { $0.initialize(fromContentsOf: folded) }
        }
        switch source {
        case .body: bodyText = range
        case .contactName: contactNameText = range
        case .contactPhone: contactPhoneText = range
        case .contactProperty:
            if propertyTexts.isEmpty { propertyTexts.append(filled: nil, count: program.propertyNames.count) }
            propertyTexts[property] = range
        }
        return range
    }

    /// Appends up to `maximum` bytes to the texts, written by `write` (`appendWritten`),
    /// which says how many it wrote, or nil to append none; returns where they lie.
    private mutating func appendText(maximum: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int?) -> Range<Int>? {
        // Room for an event's usual texts at the first, so that later ones are not copied over.
        if textBuffer.capacity == 0 { textBuffer.reserveCapacity(256) }
        let start = textBuffer.count
        guard textBuffer.appendWritten(maximum: maximum, write) != nil else { return nil }
        return start..<textBuffer.count
    }

    /// Whether a regex of the program matches a text of the event; each regex runs once per text.
    mutating func regexMatches(_ number: Int, _ source: ConditionProgram.Source, property: Int, program: ConditionProgram) -> Bool {
        if number < 64 {
            let bit = UInt64(1) << UInt64(number)
            if regexesRun & bit == 0 {
                regexesRun |= bit
                if runRegex(number, source, property: property, program: program) { regexesMatched |= bit }
            }
            return regexesMatched & bit != 0
        }
        if let known = laterRegexResults[number] { return known }
        let matched = runRegex(number, source, property: property, program: program)
        laterRegexResults[number] = matched
        return matched
    }

    private mutating func runRegex(_ number: Int, _ source: ConditionProgram.Source, property: Int, program: ConditionProgram) -> Bool {
        guard let text = input.text(source, property: property) else { return false }
        // Most texts lack the literal every match needs: those never reach ICU.
        if let prefilter = program.regexPrefilters[number] {
            if searchable?.source != source || searchable?.property != property {
                let range = text.withUTF8Bytes { bytes in
                    appendText(maximum: bytes.count) { RegexPrefilter.writeSearchable(of: bytes, into: $0) ? bytes.count : nil }
                }
                searchable = (source, property, range)
            }
            let range = searchable?.range
            let ruledOut = textBuffer.withUnsafeBufferPointer { bytes in
                prefilter.rulesOut(text, searchable: range.map { UnsafeBufferPointer(rebasing: bytes[$0]) })
            }
            if ruledOut { return false }
        }
        return program.regexes[number].firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A shared test's result for this event, once a rule has worked it out.
    @inline(__always)
    func sharedResult(_ slot: Int32) -> Bool? {
        let bit = UInt64(1) << UInt64(slot)
        return sharedKnown & bit == 0 ? nil : sharedHeld & bit != 0
    }

    @inline(__always)
    mutating func keepShared(_ slot: Int32, _ holds: Bool) {
        let bit = UInt64(1) << UInt64(slot)
        sharedKnown |= bit
        if holds { sharedHeld |= bit }
    }

    /// Whether a calendar of the program is open at `now`; worked out once per event, since
    /// many rules ask about the same business hours.
    mutating func calendarIsOpen(_ number: Int, program: ConditionProgram) -> Bool {
        guard number < 64 else { return program.calendars[number].isOpen(at: now) }
        let bit = UInt64(1) << UInt64(number)
        if calendarsKnown & bit == 0 {
            calendarsKnown |= bit
            if program.calendars[number].isOpen(at: now) { calendarsOpen |= bit }
        }
        return calendarsOpen & bit != 0
    }

    /// Seconds since a reference moment, or nil when it never happened. Inlined: called on
    /// the evaluator's context, it was handed a copy of the whole context.
    @inline(__always)
    func elapsedSeconds(since reference: TimeReference) -> Int? {
        let moment: Date? = switch reference {
        case .lastInbound: event.conversation.lastInboundAt
        case .lastOutbound: event.conversation.lastOutboundAt
        case .created: event.conversation.createdAt
        case .assigned: event.conversation.assignedAt
        }
        // Dates from outside may be centuries apart: clamped, never a trap.
        return moment.map { now.timeIntervalSince($0).clampedInt() }
    }
}
