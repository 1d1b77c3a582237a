/// A field of an event that a template placeholder (`{{contact.name}}`) can name.
public enum EventField: Sendable, Hashable, CustomStringConvertible {
    case eventID, eventType, eventTime
    case conversationID, conversationStatus, conversationPlatformStatus, conversationPlatform, conversationChannel, conversationChannelID
    case conversationAssignee, conversationUnread, conversationTags
    case contactID, contactName, contactFirstName, contactPhone
    case contactProperty(String)
    case messageBody, messageType
    case callStatus, callDurationSeconds
    case ruleID

    static let fixedPaths: [String: EventField] = [
        "event.id": .eventID, "event.type": .eventType, "event.time": .eventTime,
        "conversation.id": .conversationID, "conversation.status": .conversationStatus, "conversation.platform_status": .conversationPlatformStatus,
        "conversation.platform": .conversationPlatform, "conversation.channel": .conversationChannel,
        "conversation.channel_id": .conversationChannelID, "conversation.assignee": .conversationAssignee,
        "conversation.unread": .conversationUnread, "conversation.tags": .conversationTags,
        "contact.id": .contactID, "contact.name": .contactName, "contact.first_name": .contactFirstName,
        "contact.phone": .contactPhone, "message.body": .messageBody, "message.type": .messageType,
        "call.status": .callStatus, "call.duration_seconds": .callDurationSeconds, "rule.id": .ruleID,
    ]

    public static func parse(_ path: String) -> Result<EventField, RuleValueError> {
        if let field = fixedPaths[path] { return .success(field) }
        let prefix = "contact.properties."
        if path.hasPrefix(prefix), path.count > prefix.count {
            return .success(.contactProperty(String(path.dropFirst(prefix.count))))
        }
        let hint = Suggestion.hint(for: path, among: fixedPaths.keys)
        return .failure(RuleValueError(
            "'\(path)' names no event field\(hint.isEmpty ? "; fields are listed in docs/rules.md under Templates" : hint)"))
    }

    public var description: String {
        if case .contactProperty(let name) = self { return "contact.properties.\(name)" }
        return Self.fixedPaths.first { $0.value == self }?.key ?? "?"
    }

    /// Fields every event has, so a placeholder for them can never render empty.
    public var isAlwaysPresent: Bool {
        switch self {
        case .eventID, .eventType, .eventTime, .conversationID, .conversationStatus, .conversationUnread, .ruleID: true
        default: false
        }
    }

    /// The field's text in this event, or nil when it is missing or empty.
    public func value(in event: Event, ruleID: String) -> String? {
        // Read in place: a copy of the conversation would retain every field of it.
        let text: String? = switch self {
        case .eventID: event.id
        case .eventType: event.type.rawValue
        case .eventTime: Timestamp.format(event.time)
        case .conversationID: event.conversation.id
        case .conversationStatus: event.conversation.status.rawValue
        case .conversationPlatformStatus: event.conversation.platformStatus
        case .conversationPlatform: event.conversation.platform
        case .conversationChannel: event.conversation.channel.name
        case .conversationChannelID: event.conversation.channel.id
        case .conversationAssignee: event.conversation.assignee
        case .conversationUnread: String(event.conversation.unread)
        case .conversationTags: event.conversation.tags.isEmpty ? nil : event.conversation.tags.joined(separator: ", ")
        case .contactID: event.conversation.contact.id
        case .contactName: event.conversation.contact.name
        case .contactFirstName: event.conversation.contact.name.map(Self.firstWord)
        case .contactPhone: event.conversation.contact.phone
        case .contactProperty(let name): event.conversation.contact.properties[name]
        case .messageBody: event.message?.body
        case .messageType: event.message?.type.rawValue
        case .callStatus: event.call?.status.rawValue
        case .callDurationSeconds: event.call.map { String($0.durationSeconds) }
        case .ruleID: ruleID
        }
        guard let text, text.hasVisibleText else { return nil }
        return text
    }

    /// The first word of a name, skipping leading spaces. Read as UTF-8 bytes: walked by
    /// Unicode scalar, it cost more than the rest of rendering a greeting.
    static func firstWord(_ name: String) -> String {
        // nil: the whole name is its first word.
        let word: String? = name.withUTF8Bytes { bytes in
            var start = 0
            while start < bytes.count, let length = spaceLength(bytes, at: start) { start += length }
            var end = start
            while end < bytes.count, spaceLength(bytes, at: end) == nil { end += scalarLength(bytes[end]) }
            end = min(end, bytes.count)
            return start == 0 && end == bytes.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return word ?? name
    }

    /// The length of the white space scalar at `index` of valid UTF-8, or nil for any other.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return Unicode.Scalar(lead).isSpace ? 1 : nil }
        // Only U+0085 and U+00A0 (lead C2) and U+1680...U+3000 (E1 to E3) are white space past ASCII.
        guard lead == 0xC2 || (0xE1...0xE3).contains(lead) else { return nil }
        let length = scalarLength(lead)
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : 0x0F)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return Unicode.Scalar(value)?.isSpace == true ? length : nil
    }

    /// How many bytes the UTF-8 sequence led by `lead` has.
    private static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
