import Foundation

/// A conversation (ConversationDto), as the list, get and create endpoints return it.
public struct HatifConversation: Decodable, Sendable, Hashable {
    public let id: String
    let status: HatifConversationStatus?
    public let lastActivityAt: Date?
    public let contactID: String?
    public let contactName: String?
    public let phoneNumber: String?
    public let channelID: String?
    public let assigneeID: String?
    public let assignedAIAgentID: String?
    public let assigneeName: String?
    public let channel: HatifChannelSummary?
    let lastEventSourceType: HatifSourceType?
    let lastEventDirection: HatifDirection?
    public let lastEventStatus: String?
    public let lastEventPreviewBody: String?
    public let lastEventOccurredAt: Date?
    public let lastEventsCount: Int?
    /// Nil when they could not be read (see `tagsProblem`): never an empty set in place of
    /// an unreadable one, since a tag write replaces the whole set.
    public let tags: [HatifTag]?
    public let tagsProblem: String?
    /// Always 0 for service accounts; inboxbot derives unread counts from the timeline.
    public let unreadCount: Int?

    public var isOpen: Bool { status != .closed }
    /// The status as Hatif names it (`Open`, `Closed`); nil when it came without one.
    public var statusName: String? {
        switch status {
        case .open?: "Open"
        case .closed?: "Closed"
        case nil: nil
        }
    }
    public var lastEventWasInbound: Bool { lastEventDirection == .inbound }

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a conversation")
        status = object.code("status")
        lastActivityAt = object.date("lastActivityAt")
        contactID = object.string("contactId")
        contactName = object.string("contactName")
        phoneNumber = object.phone("phoneNumber")
        channelID = object.string("channelId")
        assigneeID = object.string("assigneeId")
        assignedAIAgentID = object.string("assignedAiAgentId")
        assigneeName = object.string("assigneeName")
        channel = object.decode("channel")
        lastEventSourceType = object.code("lastEventSourceType")
        lastEventDirection = object.code("lastEventDirection")
        lastEventStatus = object.string("lastEventStatus")
        lastEventPreviewBody = object.string("lastEventPreviewBody")
        lastEventOccurredAt = object.date("lastEventOccurredAt")
        lastEventsCount = object.int("lastEventsCount")
        do {
            tags = try object.strictList("tags")
            tagsProblem = tags == nil ? "the conversation came without its tags" : nil
        } catch {
            tags = nil
            tagsProblem = "the conversation's tags could not be read (\(error))"
        }
        unreadCount = object.int("unreadCount")
    }
}

/// The channel as embedded in a conversation.
public struct HatifChannelSummary: Decodable, Sendable, Hashable {
    public let id: String?
    public let name: String?
    public let type: String?
    public let phoneNumber: String?

    init(id: String?, name: String? = nil, type: String? = nil, phoneNumber: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.phoneNumber = phoneNumber
    }

    public init(from decoder: any Decoder) throws {
        // Some answers name the channel by its id alone.
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self.init(id: id)
            return
        }
        let object = try LenientObject(from: decoder)
        self.init(id: object.string("id"), name: object.string("name"), type: object.code("type", as: HatifRawCode.self)?.description,
                  phoneNumber: object.phone("phoneNumber"))
    }
}
