public struct NewConversation: Sendable, Hashable {
    /// A channel name or id.
    public var channel: String
    public var phone: TextTemplate
    public var contactName: TextTemplate?
    public var assignee: String?
    /// The first message, which opens the conversation where a platform opens one only by
    /// texting (TextUs).
    public var text: TextTemplate?

    public init(channel: String, phone: TextTemplate, contactName: TextTemplate? = nil, assignee: String? = nil, text: TextTemplate? = nil) {
        self.channel = channel
        self.phone = phone
        self.contactName = contactName
        self.assignee = assignee
        self.text = text
    }
}
