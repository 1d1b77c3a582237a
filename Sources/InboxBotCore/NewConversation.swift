public struct NewConversation: Sendable, Hashable {
    /// A channel name or id.
    public var channel: String
    public var phone: TextTemplate
    public var contactName: TextTemplate?
    public var assignee: String?

    public init(channel: String, phone: TextTemplate, contactName: TextTemplate? = nil, assignee: String? = nil) {
        self.channel = channel
        self.phone = phone
        self.contactName = contactName
        self.assignee = assignee
    }
}
