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

    public mutating func apply(_ item: HatifTimelineEvent) {
        let time = item.creationTime
        if firstEventAt == nil { firstEventAt = time }
        if item.isAssignment {
            assignedAt = time
            return
        }
        if item.isInbound {
            if item.isCall, HatifEventMapper.callStatus(item) == .answered {
                unread = 0
            } else {
                unread += 1
            }
            lastInboundAt = time ?? lastInboundAt
        } else if item.isFromUs {
            unread = 0
            if item.direction == .outbound { lastOutboundAt = time ?? lastOutboundAt }
        }
    }
}
