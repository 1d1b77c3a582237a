import Foundation

/// What the timeline says about a conversation so far, carried from one poll to the next.
///
/// Hatif reports `unreadCount` as 0 for service accounts, so inboxbot derives it: the
/// number of inbound messages and missed inbound calls since our last reply (an outbound
/// message or call, an agent's internal note, or an answered inbound call).
public struct ConversationTally: Sendable, Hashable, Codable {
    public var unread = 0
    public var lastInboundAt: Date?
    public var lastOutboundAt: Date?
    public var firstEventAt: Date?
    public var assignedAt: Date?

    public init() {}

    /// The tally of timeline entries given in any order.
    public init(timeline items: [HatifTimelineEvent]) {
        for item in items.sorted(by: HatifTimelineEvent.chronologically) { apply(item) }
    }

    public mutating func apply(_ item: HatifTimelineEvent) {
        let time = item.creationTime
        if item.isAssignment {
            if firstEventAt == nil { firstEventAt = time }
            assignedAt = time
        } else if item.isInbound {
            noteInbound(at: time, answeredCall: item.isCall && HatifEventMapper.callStatus(item) == .answered)
        } else if item.isFromUs {
            noteReply(at: time, outbound: item.direction == .outbound)
        } else if firstEventAt == nil {
            firstEventAt = time
        }
    }

    /// A customer's message or call. An answered call counts as a reply, not as unread.
    public mutating func noteInbound(at time: Date?, answeredCall: Bool = false) {
        if firstEventAt == nil { firstEventAt = time }
        unread = answeredCall ? 0 : unread + 1
        lastInboundAt = time ?? lastInboundAt
    }

    /// Our answer: an outbound message or call, or (not outbound) an agent's internal note.
    public mutating func noteReply(at time: Date?, outbound: Bool) {
        if firstEventAt == nil { firstEventAt = time }
        unread = 0
        if outbound { lastOutboundAt = time ?? lastOutboundAt }
    }
}
