import Foundation
import InboxBotCore

/// One entry of a conversation's timeline (ConversationTimelineDto): a call, a WhatsApp
/// message or an assignment.
public struct HatifTimelineEvent: Decodable, Sendable, Hashable {
    public let eventID: String
    public let conversationID: String?
    public let contactID: String?
    public let channelID: String?
    let sourceType: HatifSourceType?
    public let sourceID: String?
    let direction: HatifDirection?
    public let creationTime: Date?
    /// Answered, Missed, Failed, Sent, Delivered, Read, …
    public let status: String?
    public let errorCode: String?
    public let failureReason: String?
    public let isAI: Bool
    public let ownerUserID: String?
    public let aiAgentID: String?
    public let body: String?
    public let handlerName: String?
    /// For calls, a duration such as "00:02:30".
    public let durationOrSize: String?
    public let hasAttachment: Bool
    public let assignation: HatifAssignation?

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        eventID = try object.requiredString("eventId", in: "a timeline event")
        conversationID = object.string("conversationId")
        contactID = object.string("contactId")
        channelID = object.string("channelId")
        sourceType = object.code("sourceType")
        sourceID = object.string("sourceId")
        direction = object.code("direction")
        creationTime = object.date("creationTime")
        status = object.string("status")
        errorCode = object.string("errorCode")
        failureReason = object.string("failureReason")
        isAI = object.bool("isAi") ?? false
        ownerUserID = object.string("ownerUserId")
        aiAgentID = object.string("aiAgentId")
        body = object.string("body")
        handlerName = object.string("handlerName")
        durationOrSize = object.string("durationOrSize")
        hasAttachment = object.has("attachment")
        assignation = object.decode("assignation")
    }

    /// Oldest first; entries of the same second in id order, as the poller reads them.
    static func chronologically(_ a: HatifTimelineEvent, _ b: HatifTimelineEvent) -> Bool {
        (a.creationTime ?? .distantPast, a.eventID) < (b.creationTime ?? .distantPast, b.eventID)
    }

    /// `items` sorted `chronologically`. A page comes oldest or newest first already, so one
    /// look at its order comes before a sort: sorting moved these large entries about, for
    /// each webhook the enricher counted from a fresh page (0.9% of the worker's time).
    static func inChronologicalOrder(_ items: [HatifTimelineEvent]) -> [HatifTimelineEvent] {
        if items.indices.dropFirst().allSatisfy({ chronologically(items[$0 - 1], items[$0]) }) { return items }
        if items.indices.dropFirst().allSatisfy({ chronologically(items[$0], items[$0 - 1]) }) { return items.reversed() }
        return items.sorted(by: chronologically)
    }

    var isInbound: Bool { direction == .inbound }
    /// An answer from our side: an outbound message or call, or an agent's note.
    var isFromUs: Bool { direction == .outbound || direction == .internal }
    var isMessage: Bool { sourceType == .whatsApp }
    var isCall: Bool { sourceType == .call }
    var isAssignment: Bool { sourceType == .assignation }

    /// "HH:MM:SS" (or "MM:SS") in seconds.
    var durationSeconds: Int {
        // A size (for files) has no colon; only clock-style text is a duration.
        guard let text = durationOrSize, text.contains(":") else { return 0 }
        return TimeSpan(clockText: text)?.seconds ?? 0
    }
}

/// Who a conversation was assigned to, on an assignment event.
public struct HatifAssignation: Decodable, Sendable, Hashable {
    public let assignedUserID: String?
    public let assignedAIAgentID: String?
    public let assignedByUserID: String?

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        assignedUserID = object.string("assignedUserId")
        assignedAIAgentID = object.string("assignedAiAgentId")
        assignedByUserID = object.string("assignedByUserId")
    }
}
