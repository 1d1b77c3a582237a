/// How the bot knows a contact across conversations, for opt-outs, per-contact `once` and
/// `cooldown`, send limits and `sample`. A WhatsApp or SMS number is the person, so the
/// phone's digits come first (`+966…` and `00966…` are one contact, and a contact the
/// platform recreated keeps its opt-out); then the platform's contact id; then, for a
/// contact with neither, the conversation.
public enum ContactKey {
    /// Every key the contact is known by, the primary first.
    public static func keys(of contact: Contact, conversationID: String) -> [String] {
        var keys: [String] = []
        if let phone = contact.phone.flatMap(Self.phone) { keys.append(phone) }
        if let id = contact.id, !id.isEmpty { keys.append("id:" + id) }
        return keys.isEmpty ? ["conversation:" + conversationID] : keys
    }

    /// The one key counts and firings are kept under.
    public static func primary(of contact: Contact, conversationID: String) -> String {
        if let phone = contact.phone.flatMap(Self.phone) { return phone }
        if let id = contact.id, !id.isEmpty { return "id:" + id }
        return "conversation:" + conversationID
    }

    public static func primary(of conversation: ConversationSnapshot) -> String {
        primary(of: conversation.contact, conversationID: conversation.id)
    }

    public static func keys(of conversation: ConversationSnapshot) -> [String] {
        keys(of: conversation.contact, conversationID: conversation.id)
    }

    /// The key of a phone number, or nil when it has no digits.
    public static func phone(_ number: String) -> String? {
        // Built as bytes and made a String once: worked out for every event of a rule set
        // that reads opt-outs.
        var key: [UInt8] = []
        key.reserveCapacity(phonePrefix.count + number.utf8.count)
        key.append(contentsOf: phonePrefix)
        TextFolding.appendPhoneDigits(of: number, to: &key)
        return key.count == phonePrefix.count ? nil : String(decoding: key, as: UTF8.self)
    }

    private static let phonePrefix = Array("phone:".utf8)
}
